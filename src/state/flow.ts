// The flow being shown and its playback: which flow, its trace on the current cluster, and the
// hop playback is at. The trace follows the cluster: every rebuild (an edit, a CNI switch)
// traces the same flow again, so the difference shows at once. Timers live in the UI
// (usePlayback); this store only says whether playback runs.
import { create } from 'zustand';
import { trace as runTrace } from '../engine/index.ts';
import type { Trace } from '../engine/index.ts';
import type { ClusterState } from '../model/cluster.ts';
import type { FlowChoice } from './choices.ts';
import { stepsOf } from './hops.ts';
import { useSim } from './store.ts';

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

export interface FlowData {
  readonly choice: FlowChoice | undefined;
  readonly trace: Trace | undefined;
  /** Why the chosen flow has no trace (its source or target does not exist in this cluster, …). */
  readonly error: string | undefined;
  /** The hop playback is at: an index into stepsOf(trace). */
  readonly step: number;
  readonly playing: boolean;
  readonly speed: Speed;
  /** Seed for the engine's random choices (endpoint pick, source port). */
  readonly seed: number;
}

export interface FlowState extends FlowData {
  /** Show `choice` from its first hop; plays unless `play` is false. */
  readonly choose: (choice: FlowChoice, play?: boolean) => void;
  readonly clear: () => void;
  /** Back to the first hop and play: after a CNI or proxy switch, to show the new path. */
  readonly replay: () => void;
  readonly stepTo: (step: number) => void;
  readonly next: () => void;
  readonly back: () => void;
  readonly toStart: () => void;
  readonly toEnd: () => void;
  readonly setPlaying: (playing: boolean) => void;
  readonly togglePlay: () => void;
  readonly setSpeed: (speed: Speed) => void;
  readonly setSeed: (seed: number) => void;
}

/** Pure: the trace of `choice` on `cluster`, or why there is none. */
export function traceOf(cluster: ClusterState | undefined, choice: FlowChoice, seed: number): Pick<FlowData, 'trace' | 'error'> {
  if (!cluster) return { trace: undefined, error: 'the scenario has not built yet' };
  const result = runTrace(cluster, choice.spec, { seed, namespace: choice.namespace });
  return result.ok ? { trace: result.value, error: undefined } : { trace: undefined, error: result.error };
}

const lastStep = (t: Trace | undefined): number => (t ? Math.max(0, stepsOf(t).length - 1) : 0);
const clamp = (step: number, t: Trace | undefined): number => Math.min(Math.max(0, Math.trunc(step)), lastStep(t));

export const useFlow = create<FlowState>()((set, get) => ({
  choice: undefined,
  trace: undefined,
  error: undefined,
  step: 0,
  playing: false,
  speed: 1,
  seed: 1,
  choose: (choice, play = true) => {
    const result = traceOf(useSim.getState().cluster, choice, get().seed);
    set({ choice, ...result, step: 0, playing: play && result.trace !== undefined });
  },
  clear: () => set({ choice: undefined, trace: undefined, error: undefined, step: 0, playing: false }),
  replay: () => set((s) => ({ step: 0, playing: s.trace !== undefined })),
  stepTo: (step) => set((s) => ({ step: clamp(step, s.trace), playing: false })),
  next: () => set((s) => ({ step: clamp(s.step + 1, s.trace), playing: false })),
  back: () => set((s) => ({ step: clamp(s.step - 1, s.trace), playing: false })),
  toStart: () => set({ step: 0, playing: false }),
  toEnd: () => set((s) => ({ step: lastStep(s.trace), playing: false })),
  setPlaying: (playing) => set((s) => ({
    playing: playing && s.trace !== undefined,
    // Play from the start again when playback had reached the end.
    step: playing && s.step >= lastStep(s.trace) ? 0 : s.step,
  })),
  togglePlay: () => get().setPlaying(!get().playing),
  setSpeed: (speed) => set({ speed }),
  setSeed: (seed) => {
    const { choice } = get();
    set({ seed, ...(choice ? traceOf(useSim.getState().cluster, choice, seed) : {}) });
    set((s) => ({ step: clamp(s.step, s.trace) }));
  },
}));

// A rebuilt cluster: trace the same flow again; keep the position when it still exists.
useSim.subscribe((sim, previous) => {
  if (sim.cluster === previous.cluster) return;
  const { choice, seed } = useFlow.getState();
  if (!choice) return;
  const result = traceOf(sim.cluster, choice, seed);
  useFlow.setState((s) => ({ ...result, step: clamp(s.step, result.trace), playing: s.playing && result.trace !== undefined }));
});

export const selectChoice = (s: FlowState): FlowChoice | undefined => s.choice;
export const selectTrace = (s: FlowState): Trace | undefined => s.trace;
export const selectFlowError = (s: FlowState): string | undefined => s.error;
export const selectStep = (s: FlowState): number => s.step;
export const selectPlaying = (s: FlowState): boolean => s.playing;
export const selectSpeed = (s: FlowState): Speed => s.speed;
