// Links and snippets from the page's own address (issue 5 "Hosting"): a school's or a blog's
// copy under any path makes links to itself. Pure string work, tested without a browser.
import type { EmbedOptions } from '../embed/options.ts';
import { embedQuery } from '../embed/options.ts';

/** The app's address without query or fragment: origin + pathname. */
export const appBase = (location: { readonly origin: string; readonly pathname: string }): string => location.origin + location.pathname;

export const shareUrl = (base: string, fragment: string): string => `${base}#${fragment}`;

export const embedUrl = (base: string, options: EmbedOptions, fragment: string): string => `${base}${embedQuery(options)}#${fragment}`;

/** Chat tools cut or refuse links past ~2,000 characters; some servers and proxies past ~8,000. */
export const CHAT_LIMIT = 2000;
export const SERVER_LIMIT = 8000;

export function sizeNote(length: number): { readonly level: 'ok' | 'warning' | 'error'; readonly text: string } {
  const n = length.toLocaleString('en-US');
  if (length > SERVER_LIMIT) return { level: 'error', text: `${n} characters: too long for some servers and for chat tools. Shorten the scenario, or share the YAML file.` };
  if (length > CHAT_LIMIT) return { level: 'warning', text: `${n} characters: chat tools may cut links longer than 2,000 characters.` };
  return { level: 'ok', text: `${n} characters: fits chat tools and email.` };
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function iframeSnippet(src: string, title: string): string {
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" width="100%" height="480" style="border:1px solid #dde1e8;border-radius:8px" loading="lazy"></iframe>`;
}

/** Markdown has no iframe of its own: a link that opens the same state, for renderers without HTML. */
export function markdownSnippet(link: string, title: string): string {
  return `[${title.replace(/[[\]]/g, '')} (open in kube-netsim)](${link.replace(/\)/g, '%29')})`;
}
