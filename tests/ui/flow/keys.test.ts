import { describe, expect, it } from 'vitest';
import type { FocusInfo } from '../../../src/ui/flow/keys.ts';
import { keyAction } from '../../../src/ui/flow/keys.ts';

const on = (tag: string, extra: Partial<FocusInfo> = {}): FocusInfo => ({ tag, editable: false, inEditor: false, ...extra });

describe('keyAction', () => {
  it.each([
    // [key, modifiers, focus, action]
    ['ArrowRight', false, undefined, 'next'],
    ['ArrowLeft', false, undefined, 'back'],
    [' ', false, undefined, 'toggle'],
    ['Home', false, undefined, 'start'],
    ['End', false, on('DIV'), 'end'],
    ['ArrowRight', true, undefined, undefined],
    ['a', false, undefined, undefined],
    ['ArrowRight', false, on('INPUT'), undefined],
    ['Home', false, on('SELECT'), undefined],
    [' ', false, on('TEXTAREA'), undefined],
    ['ArrowLeft', false, on('DIV', { editable: true }), undefined],
    ['ArrowLeft', false, on('DIV', { inEditor: true }), undefined],
    [' ', false, on('BUTTON'), undefined],
    ['ArrowRight', false, on('BUTTON'), 'next'],
  ] as const)('%j (modifiers %s) on %j → %s', (key, modifiers, focus, action) => {
    expect(keyAction(key, modifiers, focus)).toBe(action);
  });
});
