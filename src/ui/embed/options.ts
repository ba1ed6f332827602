// The embed's options, read from and written to the query (`?embed&view=split&hop=3`): what an
// article's iframe shows. Unknown or malformed values fall back to the defaults rather than
// breaking a published page. Pure: parsed from a string, built into a string.
export type EmbedView = 'graph' | 'split' | 'editor';
export type EmbedTheme = 'light' | 'dark' | 'auto';

export interface EmbedOptions {
  /** graph: topology, playback, hops; split: the YAML (read-only) beside them; editor: the YAML alone. */
  readonly view: EmbedView;
  /** A saved Flow's name, instead of the link's flow. */
  readonly flow?: string;
  /** 1-based hop to open at, instead of the link's. */
  readonly hop?: number;
  readonly autoplay: boolean;
  /** auto follows the reader's system (prefers-color-scheme). */
  readonly theme: EmbedTheme;
  /** Playback controls shown (autoplay still plays without them). */
  readonly controls: boolean;
}

export const DEFAULT_EMBED: EmbedOptions = { view: 'graph', autoplay: false, theme: 'auto', controls: true };

const VIEWS: readonly EmbedView[] = ['graph', 'split', 'editor'];
const THEMES: readonly EmbedTheme[] = ['light', 'dark', 'auto'];
const truthy = (v: string | null, fallback: boolean): boolean => (v === null ? fallback : v === '' || v === '1' || v === 'true');

/** True when the page was asked to be an embed. */
export const isEmbed = (search: string): boolean => new URLSearchParams(search).has('embed');

export function parseEmbedOptions(search: string): EmbedOptions {
  const q = new URLSearchParams(search);
  const view = q.get('view') as EmbedView | null;
  const theme = q.get('theme') as EmbedTheme | null;
  const hop = Number(q.get('hop'));
  const flow = q.get('flow');
  return {
    view: view && VIEWS.includes(view) ? view : DEFAULT_EMBED.view,
    ...(flow ? { flow } : {}),
    ...(Number.isInteger(hop) && hop >= 1 ? { hop } : {}),
    autoplay: truthy(q.get('autoplay'), DEFAULT_EMBED.autoplay),
    theme: theme && THEMES.includes(theme) ? theme : DEFAULT_EMBED.theme,
    controls: truthy(q.get('controls'), DEFAULT_EMBED.controls),
  };
}

/** The query for `options`, defaults left out so snippets stay short: `?embed&view=split`. */
export function embedQuery(options: EmbedOptions): string {
  const parts = ['embed'];
  if (options.view !== DEFAULT_EMBED.view) parts.push(`view=${options.view}`);
  if (options.flow) parts.push(`flow=${encodeURIComponent(options.flow)}`);
  if (options.hop !== undefined) parts.push(`hop=${options.hop}`);
  if (options.autoplay !== DEFAULT_EMBED.autoplay) parts.push(`autoplay=${options.autoplay ? 1 : 0}`);
  if (options.theme !== DEFAULT_EMBED.theme) parts.push(`theme=${options.theme}`);
  if (options.controls !== DEFAULT_EMBED.controls) parts.push(`controls=${options.controls ? 1 : 0}`);
  return `?${parts.join('&')}`;
}
