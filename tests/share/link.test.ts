import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED } from '../../src/ui/embed/options.ts';
import { appBase, embedUrl, iframeSnippet, markdownSnippet, shareUrl, sizeNote } from '../../src/ui/share/link.ts';

describe('share links from the page address', () => {
  it('works under any path (a school or blog hosting its own copy)', () => {
    const base = appBase({ origin: 'https://school.example', pathname: '/courses/net/sim/' });
    expect(shareUrl(base, 'v1.abc')).toBe('https://school.example/courses/net/sim/#v1.abc');
    expect(embedUrl(base, { ...DEFAULT_EMBED, view: 'split' }, 'v1.abc')).toBe('https://school.example/courses/net/sim/?embed&view=split#v1.abc');
  });

  it.each([[100, 'ok'], [2000, 'ok'], [2001, 'warning'], [8000, 'warning'], [8001, 'error']])('a link of %i characters is %s', (n, level) => {
    expect(sizeNote(n).level).toBe(level);
    expect(sizeNote(n).text).toContain(n.toLocaleString('en-US'));
  });

  it('escapes the iframe snippet', () => {
    const html = iframeSnippet('https://x.example/?embed&view=split#v1.a', 'a "quoted" <title>');
    expect(html).toContain('src="https://x.example/?embed&amp;view=split#v1.a"');
    expect(html).toContain('title="a &quot;quoted&quot; &lt;title&gt;"');
  });

  it('makes a Markdown link that survives brackets and parentheses', () => {
    expect(markdownSnippet('https://x.example/a(b)#v1.a', 'kube-netsim: [x]')).toBe('[kube-netsim: x (open in kube-netsim)](https://x.example/a(b%29#v1.a)');
  });
});
