import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellQuote, shellWords } from '../../src/engine/shell.ts';

// POSIX Shell Command Language §2.2 Quoting, §2.3 comments, §2.7 redirection; no expansion at all.
describe('shellWords', () => {
  it.each([
    ['plain words', 'curl -s http://web/', ['curl', '-s', 'http://web/']],
    ['runs of blanks and tabs', '  nc\t-zv   db  5432 ', ['nc', '-zv', 'db', '5432']],
    ['single quotes keep everything literal', `curl -H 'Host: a "b" $x'`, ['curl', '-H', 'Host: a "b" $x']],
    ['double quotes keep blanks', 'curl -H "Host: shop.example.com" x', ['curl', '-H', 'Host: shop.example.com', 'x']],
    ['in double quotes a backslash escapes only $ ` " \\', String.raw`echo "a\"b\$c\d\\"`, ['echo', 'a"b$c\\d\\']],
    ['a backslash outside quotes makes the next character literal', String.raw`curl a\ b`, ['curl', 'a b']],
    ['quotes join with what touches them', `curl http://'web':"8080"/`, ['curl', 'http://web:8080/']],
    ['an empty quoted word is a word', `x '' ""`, ['x', '', '']],
    ['no variable expansion', 'curl $URL', ['curl', '$URL']],
    ['a backslash-newline continues the line', 'curl \\\n  http://web/', ['curl', 'http://web/']],
    ['a comment runs to the end', 'ping web # try it', ['ping', 'web']],
    ['# inside a word is not a comment', 'curl http://web/#top', ['curl', 'http://web/#top']],
    ['an output redirection and its target are dropped', 'curl -s http://web/ > /dev/null 2>&1', ['curl', '-s', 'http://web/']],
    ['an attached redirection target is dropped', 'curl http://web/ >/dev/null', ['curl', 'http://web/']],
    ['append and input redirections too', 'curl x >> log < in', ['curl', 'x']],
    ['a quoted > is an ordinary character', `curl -H 'X: a>b' x`, ['curl', '-H', 'X: a>b', 'x']],
  ])('%s', (_name, text, words) => {
    expect(shellWords(text)).toEqual({ ok: true, value: words });
  });

  it.each([
    ['an open single quote', `curl 'http://x`, `a ' quote is not closed`],
    ['an open double quote', `curl "http://x`, 'a " quote is not closed'],
    ['a pipe', 'curl http://web/ | head', '"|" runs more than one command'],
    ['a list', 'nslookup db; curl db', '";" runs more than one command'],
    ['&&', 'nslookup db && curl db', '"&&" runs more than one command'],
    ['background &', 'curl db &', '"&" runs more than one command'],
  ])('rejects %s', (_name, text, error) => {
    const r = shellWords(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      expect(() => shellWords(s)).not.toThrow();
    }), { numRuns: 500 });
  });
});

describe('shellQuote', () => {
  it.each([
    ['http://web:8080/api', 'http://web:8080/api'],
    ['Host: shop.example.com', `'Host: shop.example.com'`],
    ['http://web/?a=1&b=2', `'http://web/?a=1&b=2'`],
    [`it's`, `'it'\\''s'`],
    ['', `''`],
  ])('%s → %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });

  it('quoted words read back as the same words', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 5 }), (words) => {
      expect(shellWords(words.map(shellQuote).join(' '))).toEqual({ ok: true, value: words });
    }), { numRuns: 300 });
  });
});
