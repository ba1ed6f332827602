// The trace as text (the engine's own rendering) and as JSON, and the file names downloads get.
import { renderTrace } from '../engine/index.ts';
import type { Trace } from '../engine/index.ts';

export function traceText(trace: Trace): string {
  const text = renderTrace(trace);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The whole Trace (flow, phases, hops with packets and rules), pretty-printed. */
export function traceJson(trace: Trace): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}

/** `kube-netsim-frontend-to-backend.pcapng`: the flow's label as a safe file name. */
export function exportFileName(label: string, extension: string): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `kube-netsim${slug ? `-${slug}` : ''}.${extension}`;
}
