import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED, embedQuery, isEmbed, parseEmbedOptions } from '../../src/ui/embed/options.ts';
import type { EmbedOptions } from '../../src/ui/embed/options.ts';

describe('embed options', () => {
  it.each<[string, EmbedOptions]>([
    ['?embed', DEFAULT_EMBED],
    ['?embed&view=split&theme=dark', { ...DEFAULT_EMBED, view: 'split', theme: 'dark' }],
    ['?embed&view=editor&controls=0&autoplay=1', { ...DEFAULT_EMBED, view: 'editor', controls: false, autoplay: true }],
    ['?embed&autoplay&controls=true', { ...DEFAULT_EMBED, autoplay: true }],
    ['?embed&flow=frontend-to-db&hop=3', { ...DEFAULT_EMBED, flow: 'frontend-to-db', hop: 3 }],
    ['?embed&flow=a%20b', { ...DEFAULT_EMBED, flow: 'a b' }],
    // Malformed values fall back to the defaults: a published page never breaks.
    ['?embed&view=3d&theme=neon&hop=0', DEFAULT_EMBED],
    ['?embed&hop=-2', DEFAULT_EMBED],
    ['?embed&hop=1.5', DEFAULT_EMBED],
  ])('%s', (search, expected) => {
    expect(parseEmbedOptions(search)).toEqual(expected);
  });

  it.each<EmbedOptions>([
    DEFAULT_EMBED,
    { view: 'split', flow: 'a&b=c', hop: 7, autoplay: true, theme: 'light', controls: false },
    { ...DEFAULT_EMBED, view: 'editor', theme: 'dark' },
  ])('embedQuery round-trips %j', (options) => {
    const query = embedQuery(options);
    expect(isEmbed(query)).toBe(true);
    expect(parseEmbedOptions(query)).toEqual(options);
  });

  it('leaves defaults out', () => {
    expect(embedQuery(DEFAULT_EMBED)).toBe('?embed');
    expect(embedQuery({ ...DEFAULT_EMBED, controls: false })).toBe('?embed&controls=0');
  });

  it.each([['?embed', true], ['?x=1&embed=1', true], ['', false], ['?embedded', false]])('isEmbed(%j) is %s', (s, yes) => {
    expect(isEmbed(s)).toBe(yes);
  });
});
