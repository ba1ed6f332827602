// A shared link opens as a draft: the person's own autosaved text and flow are never written
// over, the draft's edits survive reopening the same link, and Back restores the person's work.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFlow } from '../../src/state/flow.ts';
import { closeDraft, KEY, openDraft, startPersistence } from '../../src/state/persist.ts';
import type { KeyValueStore, Persistence } from '../../src/state/persist.ts';
import { useSim } from '../../src/state/store.ts';
import { exampleScenario } from '../../src/scenarios/index.ts';

class FakeStorage implements KeyValueStore {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  setItem(key: string, value: string): void { this.items.set(key, value); }
}

const MINE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mine\n';
const SHARED = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shared\n';
let running: Persistence | undefined;
let storage: FakeStorage;

beforeEach(() => {
  storage = new FakeStorage();
  storage.setItem(KEY.text, MINE);
  useFlow.getState().clear();
  running = startPersistence({ storage, schedule: () => () => {}, prefersDark: false });
});
afterEach(() => { running?.stop(); running = undefined; });

describe('shared drafts', () => {
  it('saves the draft under its own keys and leaves the person\'s text alone', () => {
    expect(openDraft('v1.link-a')).toBeUndefined();
    useSim.getState().setText(SHARED);
    running!.flush();
    expect(storage.getItem(KEY.text)).toBe(MINE);
    expect(storage.getItem(KEY.draftText)).toBe(SHARED);
    expect(storage.getItem(KEY.draftLink)).toBe('v1.link-a');
  });

  it('brings back the edited draft when the same link opens again, not for another link', () => {
    openDraft('v1.link-a');
    useSim.getState().setText(SHARED + '# edited\n');
    running!.flush();
    expect(openDraft('v1.link-a')).toBe(SHARED + '# edited\n');
    expect(openDraft('v1.link-b')).toBeUndefined();
  });

  it('Back restores the person\'s own text, and saving goes to their keys again', () => {
    openDraft('v1.link-a');
    useSim.getState().setText(SHARED);
    closeDraft(exampleScenario.yaml);
    expect(useSim.getState().text).toBe(MINE);
    expect(storage.getItem(KEY.draftText)).toBe(SHARED);
    useSim.getState().setText(MINE + '# later\n');
    running!.flush();
    expect(storage.getItem(KEY.text)).toBe(MINE + '# later\n');
  });

  it('Back with no saved work of their own opens the example', () => {
    storage.items.delete(KEY.text);
    openDraft('v1.link-a');
    useSim.getState().setText(SHARED);
    closeDraft(exampleScenario.yaml);
    expect(useSim.getState().text).toBe(exampleScenario.yaml);
  });
});
