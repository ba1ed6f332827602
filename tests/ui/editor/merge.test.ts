import { describe, expect, it } from 'vitest';
import { apply, diff, merge } from '../../../src/ui/editor/merge.ts';

describe('diff', () => {
  it.each([
    ['abc', 'abc', { start: 3, end: 3, text: '' }],
    ['abc', 'abXc', { start: 2, end: 2, text: 'X' }],
    ['abc', 'ac', { start: 1, end: 2, text: '' }],
    ['', 'new', { start: 0, end: 0, text: 'new' }],
    ['aaa', 'aa', { start: 2, end: 3, text: '' }],
    ['replicas: 2', 'replicas: 3', { start: 10, end: 11, text: '3' }],
  ])('%j → %j', (from, to, edit) => {
    expect(diff(from, to)).toEqual(edit);
    expect(apply(from, diff(from, to))).toBe(to);
  });
});

describe('merge', () => {
  const base = 'cni: flannel\nreplicas: 2\nname: web\n';
  it.each([
    ['nothing typed: theirs as is', base, base.replace('flannel', 'calico'), base.replace('flannel', 'calico')],
    ['typed after their change: both kept', base.replace('web', 'webx'), base.replace('flannel', 'calico'), base.replace('flannel', 'calico').replace('web', 'webx')],
    ['typed before their change: both kept', base.replace('flannel', 'flannelx'), base.replace('web', 'api'), base.replace('flannel', 'flannelx').replace('web', 'api')],
    ['same region: theirs wins', base.replace('replicas: 2', 'replicas: 4'), base.replace('replicas: 2', 'replicas: 3'), base.replace('replicas: 2', 'replicas: 3')],
    ['a whole new text: theirs wins', base.replace('web', 'webx'), 'kind: Pod\n', 'kind: Pod\n'],
  ])('%s', (_name, mine, theirs, expected) => {
    const edit = merge(base, mine, theirs);
    expect(edit && apply(mine, edit)).toBe(expected);
  });

  it('returns nothing when the editor already shows their text', () => {
    expect(merge(base, base + 'x', base + 'x')).toBeUndefined();
  });
});
