import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/model/diagnostic.ts';
import { bySeverityThenLine, toMarkers } from '../../../src/ui/editor/markers.ts';

const SEV = { error: 8, warning: 4, info: 2 } as const;
const diag = (over: Partial<Diagnostic> & Pick<Diagnostic, 'range'>): Diagnostic =>
  ({ severity: 'error', code: 'wrong-type', message: 'spec.replicas must be an integer.', path: 'spec.replicas', ...over });
const range = (startLine: number, startCol: number, endLine: number, endCol: number) => ({ doc: 1, startLine, startCol, endLine, endCol });

describe('toMarkers', () => {
  const lineLength = (n: number) => [0, 20, 11][n] ?? 0;
  it.each([
    ['keeps an exact range', range(1, 3, 1, 9), { startLineNumber: 1, startColumn: 3, endLineNumber: 1, endColumn: 9 }],
    ['keeps a range over lines', range(1, 3, 2, 4), { startLineNumber: 1, startColumn: 3, endLineNumber: 2, endColumn: 4 }],
    ['widens an empty range to the end of its line', range(2, 1, 2, 1), { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 12 }],
    ['widens an empty range past a line the model lacks', range(9, 1, 9, 1), { startLineNumber: 9, startColumn: 1, endLineNumber: 9, endColumn: 2 }],
  ])('%s', (_name, r, expected) => {
    expect(toMarkers([diag({ range: r })], SEV, lineLength)[0]).toMatchObject(expected);
  });

  it.each([
    ['error', 8], ['warning', 4], ['info', 2],
  ] as const)('maps %s to severity %d', (severity, n) => {
    expect(toMarkers([diag({ severity, range: range(1, 1, 1, 2) })], SEV, lineLength)[0]!.severity).toBe(n);
  });

  it('puts the field path in the message and the code in its own field', () => {
    const [m] = toMarkers([diag({ range: range(1, 1, 1, 2) })], SEV, lineLength);
    expect(m).toMatchObject({ message: 'spec.replicas must be an integer.\n(at spec.replicas)', code: 'wrong-type', source: 'kube-netsim' });
    expect(toMarkers([diag({ path: '', range: range(1, 1, 1, 2) })], SEV, lineLength)[0]!.message).toBe('spec.replicas must be an integer.');
  });
});

describe('bySeverityThenLine', () => {
  it('orders errors first, then warnings, then notes, each by line and column', () => {
    const list = [
      diag({ severity: 'info', range: range(1, 1, 1, 1), message: 'i1' }),
      diag({ severity: 'warning', range: range(3, 1, 3, 1), message: 'w3' }),
      diag({ severity: 'error', range: range(9, 1, 9, 1), message: 'e9' }),
      diag({ severity: 'error', range: range(2, 5, 2, 5), message: 'e2:5' }),
      diag({ severity: 'error', range: range(2, 1, 2, 1), message: 'e2:1' }),
    ];
    expect([...list].sort(bySeverityThenLine).map((d) => d.message)).toEqual(['e2:1', 'e2:5', 'e9', 'w3', 'i1']);
  });
});
