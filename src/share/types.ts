// What a share link carries (issue 5 "Share-links"): the scenario, the settings it resolved to
// and the engine that answered, the chosen flow by stable id, the hop it was at and what that
// hop was, and the view. Opening a link compares the recorded answer with today's engine, so a
// link made years ago can say "this engine now answers differently" instead of pretending.
import type { CniMode, CniPlugin, FlowProtocol, ProxyMode } from '../model/objects.ts';

/** The cluster settings the scenario resolved to when the link was made. */
export interface SharedSettings {
  readonly cni: { readonly plugin: CniPlugin; readonly mode: CniMode; readonly networkPolicy: boolean };
  readonly proxyMode: ProxyMode;
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  readonly clusterDomain: string;
}

export type DnsQtype = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';

/** The engine's FlowSpec as plain data (the share layer may not import the engine). */
export interface SharedFlowSpec {
  readonly from: string;
  readonly to: string;
  readonly port?: number;
  readonly protocol: FlowProtocol;
  readonly lookupOnly?: boolean;
  readonly http?: { readonly method: string; readonly path: string; readonly host?: string; readonly tls: boolean };
  readonly resolve?: { readonly host: string; readonly port: number; readonly address: string };
  readonly dns?: { readonly server?: string; readonly qtype?: DnsQtype; readonly search?: boolean; readonly files?: boolean };
}

/** The flow, by what makes it again: a saved Flow's name, the typed command, or the picked spec. */
export type SharedFlow =
  | { readonly kind: 'saved'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'typed'; readonly command: string; readonly from: string }
  | { readonly kind: 'picked'; readonly namespace: string; readonly spec: SharedFlowSpec };

/** The hop playback was at, and what the engine said there, to notice a changed answer. */
export interface SharedHop {
  readonly step: number;
  readonly at: string;
  readonly verdict: string;
}

export type SharedTab = 'hops' | 'matrix' | 'problems';
export type SharedTheme = 'light' | 'dark' | 'presenter';

export interface SharedView {
  readonly tab: SharedTab;
  readonly theme: SharedTheme;
  /** A graph element id, or 'hop' for the hop playback is at. */
  readonly selection?: string;
}

export interface SharedState {
  readonly text: string;
  readonly settings: SharedSettings;
  /** ENGINE_VERSION of the engine that made the link. */
  readonly engine: number;
  readonly flow?: SharedFlow;
  /** The flow's final verdict when the link was made. */
  readonly verdict?: string;
  /** Present when the link points at one hop ("link to this hop"). */
  readonly hop?: SharedHop;
  readonly view: SharedView;
}
