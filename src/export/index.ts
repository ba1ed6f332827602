// Exports (issue 5): pure functions from a Trace or a drawn topology to file contents.
export { tracePcapng, pcapng } from './pcapng.ts';
export { captureFrames } from './capture.ts';
export type { CapturedFrame } from './capture.ts';
export { exportFileName, traceJson, traceText } from './text.ts';
export { topologySvg } from './svg.ts';
export type { SvgEdge, SvgNode } from './svg.ts';
