import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { savedFlows } from '../../src/state/choices.ts';
import { useFlow } from '../../src/state/flow.ts';
import { KEY, readFlow, replaceScenario, SAVE_DELAY_MS, startPersistence, undoReplace, useNotices } from '../../src/state/persist.ts';
import type { KeyValueStore, Persistence } from '../../src/state/persist.ts';
import { useSim } from '../../src/state/store.ts';
import { BOTTOM_SHARE, useView } from '../../src/state/view.ts';
import { exampleScenario } from '../../src/scenarios/index.ts';

class FakeStorage implements KeyValueStore {
  readonly items = new Map<string, string>();
  full = false;
  writes = 0;
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.writes++;
    this.items.set(key, value);
  }
}

/** Timers run only when the test says so. */
function fakeSchedule() {
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    timers,
    schedule: (fn: () => void, ms: number) => { const t = { fn, ms, cancelled: false }; timers.push(t); return () => { t.cancelled = true; }; },
    runAll: () => { for (const t of timers.splice(0)) if (!t.cancelled) t.fn(); },
  };
}

const frontendToBackend = () => savedFlows(useSim.getState().cluster!).find((f) => f.name === 'frontend-to-backend')!;

let running: Persistence | undefined;
const start = (storage: KeyValueStore | undefined, prefersDark = false) => {
  const s = fakeSchedule();
  running = startPersistence({ storage, schedule: s.schedule, prefersDark });
  return s;
};

beforeEach(() => {
  useSim.getState().setText(exampleScenario.yaml);
  useFlow.getState().clear();
  useView.getState().setTheme('light');
  useNotices.setState({ problem: undefined, toast: undefined });
});
afterEach(() => { running?.stop(); running = undefined; });

describe('autosave', () => {
  it('coalesces edits into one write after the delay', () => {
    const storage = new FakeStorage();
    const s = start(storage);
    useSim.getState().setText(`${exampleScenario.yaml}# one\n`);
    useSim.getState().setText(`${exampleScenario.yaml}# two\n`);
    expect(storage.items.get(KEY.text)).toBeUndefined();
    expect(s.timers.filter((t) => !t.cancelled).map((t) => t.ms)).toEqual([SAVE_DELAY_MS]);
    s.runAll();
    expect(storage.items.get(KEY.text)).toBe(`${exampleScenario.yaml}# two\n`);
  });

  it('flush writes at once (pagehide) and cancels the timer', () => {
    const storage = new FakeStorage();
    const s = start(storage);
    useSim.getState().setText('kind: Namespace\n');
    running!.flush();
    expect(storage.items.get(KEY.text)).toBe('kind: Namespace\n');
    expect(s.timers.every((t) => t.cancelled)).toBe(true);
    const writes = storage.writes;
    running!.flush();
    expect(storage.writes).toBe(writes);
  });

  it('saves the theme at once and the flow with its step', () => {
    const storage = new FakeStorage();
    start(storage);
    useView.getState().setTheme('presenter');
    expect(storage.items.get(KEY.theme)).toBe('presenter');
    useView.getState().setBottomShare(0.5);
    expect(storage.items.get(KEY.bottomShare)).toBe('0.5');
    const saved = frontendToBackend();
    if (!saved.choice.ok) throw new Error(saved.choice.error);
    useFlow.getState().choose(saved.choice.value, false);
    useFlow.getState().stepTo(2);
    running!.flush();
    expect(readFlow(storage.items.get(KEY.flow) ?? null)).toEqual({ choice: saved.choice.value, step: 2 });
  });
});

describe('restore', () => {
  it('brings back text, theme and flow', () => {
    const storage = new FakeStorage();
    const edited = exampleScenario.yaml.replace('mode: iptables', 'mode: ipvs');
    const saved = frontendToBackend();
    if (!saved.choice.ok) throw new Error(saved.choice.error);
    storage.items.set(KEY.text, edited);
    storage.items.set(KEY.theme, 'dark');
    storage.items.set(KEY.flow, JSON.stringify({ choice: saved.choice.value, step: 3 }));
    start(storage);
    expect(useSim.getState().text).toBe(edited);
    expect(useView.getState().theme).toBe('dark');
    expect(useFlow.getState().choice?.id).toBe('saved:shop/frontend-to-backend');
    expect(useFlow.getState().step).toBe(3);
    expect(useFlow.getState().playing).toBe(false);
  });

  const themes: { saved: string | undefined; prefersDark: boolean; want: string }[] = [
    { saved: undefined, prefersDark: false, want: 'light' },
    { saved: undefined, prefersDark: true, want: 'dark' },
    { saved: 'presenter', prefersDark: true, want: 'presenter' },
    { saved: 'neon', prefersDark: false, want: 'light' },
  ];
  for (const t of themes) {
    it(`theme: saved ${t.saved}, prefers dark ${t.prefersDark} → ${t.want}`, () => {
      const storage = new FakeStorage();
      if (t.saved) storage.items.set(KEY.theme, t.saved);
      start(storage, t.prefersDark);
      expect(useView.getState().theme).toBe(t.want);
    });
  }

  // The bottom panel's height: kept within its range, the default when the saved value is not a number.
  const shares: { saved: string; want: number }[] = [
    { saved: '0.4', want: 0.4 },
    { saved: '0.01', want: BOTTOM_SHARE.min },
    { saved: '5', want: BOTTOM_SHARE.max },
    { saved: 'tall', want: BOTTOM_SHARE.initial },
  ];
  for (const t of shares) {
    it(`bottom panel share: saved ${t.saved} → ${t.want}`, () => {
      useView.getState().setBottomShare(BOTTOM_SHARE.initial);
      const storage = new FakeStorage();
      storage.items.set(KEY.bottomShare, t.saved);
      start(storage);
      expect(useView.getState().bottomShare).toBe(t.want);
    });
  }

  const corrupt = ['{', '[]', '{"choice":{"id":1}}', 'null', ''];
  for (const raw of corrupt) {
    it(`ignores a corrupt flow ${JSON.stringify(raw)}`, () => {
      expect(readFlow(raw)).toBeUndefined();
      const storage = new FakeStorage();
      storage.items.set(KEY.flow, raw);
      start(storage);
      expect(useFlow.getState().choice).toBeUndefined();
      // An empty value is what is written when no flow is chosen: nothing to report.
      expect(useNotices.getState().toast?.message).toBe(raw ? 'The saved flow could not be read (an older or damaged save), so none is shown.' : undefined);
    });
  }
});

describe('storage trouble never throws', () => {
  it('no storage: keeps working, says autosave is off', () => {
    start(undefined);
    useSim.getState().setText('kind: Namespace\n');
    running!.flush();
    expect(useNotices.getState().problem).toMatch(/^Autosave is off/);
  });
  it('full storage: one-line notice', () => {
    const storage = new FakeStorage();
    start(storage);
    storage.full = true;
    useSim.getState().setText('kind: Namespace\n');
    expect(() => running!.flush()).not.toThrow();
    expect(useNotices.getState().problem).toMatch(/^Autosave failed/);
  });
  it('a getItem that throws (storage disabled) restores nothing', () => {
    const broken: KeyValueStore = { getItem: () => { throw new Error('denied'); }, setItem: () => {} };
    expect(() => start(broken)).not.toThrow();
    expect(useSim.getState().text).toBe(exampleScenario.yaml);
  });
});

describe('replace and undo', () => {
  it('keeps the replaced text under previous and one Undo away', () => {
    const storage = new FakeStorage();
    start(storage);
    replaceScenario('# empty\n', 'New empty scenario.');
    expect(useSim.getState().text).toBe('# empty\n');
    expect(storage.items.get(KEY.previous)).toBe(exampleScenario.yaml);
    expect(useNotices.getState().toast).toEqual({ message: 'New empty scenario.', previous: exampleScenario.yaml });
    undoReplace();
    expect(useSim.getState().text).toBe(exampleScenario.yaml);
    expect(useNotices.getState().toast?.previous).toBeUndefined();
  });
});
