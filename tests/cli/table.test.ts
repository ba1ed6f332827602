import { describe, expect, it } from 'vitest';
import { formatTable, listWithMore, plural } from '../../src/cli/table.ts';

describe('formatTable', () => {
  it('pads every column but the last to its widest cell plus three spaces (kubectl tabwriter)', () => {
    const text = formatTable(['NAME', 'READY', 'STATUS'], [['web-1', '1/1', 'Running'], ['a', '0/1', 'Pending']]);
    expect(text).toBe(
      'NAME    READY   STATUS\n'
      + 'web-1   1/1     Running\n'
      + 'a       0/1     Pending\n');
  });

  it('keeps a minimum column width of six (tabwriter minwidth)', () => {
    expect(formatTable(['A', 'B'], [['x', 'y']])).toBe('A     B\nx     y\n');
  });
});

describe('listWithMore', () => {
  // kubectl printers: formatEndpoints / listWithMoreString show three, then "+ N more...".
  it.each([
    ['nothing', [], '<none>'],
    ['one', ['a'], 'a'],
    ['three', ['a', 'b', 'c'], 'a,b,c'],
    ['five', ['a', 'b', 'c', 'd', 'e'], 'a,b,c + 2 more...'],
  ])('%s', (_name, items, expected) => {
    expect(listWithMore(items)).toBe(expected);
  });

  it('uses the given empty marker', () => {
    expect(listWithMore([], 3, '<unset>')).toBe('<unset>');
  });
});

describe('plural', () => {
  it.each([[0, '0 errors'], [1, '1 error'], [2, '2 errors']])('%i', (n, text) => {
    expect(plural(n, 'error')).toBe(text);
  });
});
