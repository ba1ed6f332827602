// Splits a command line into words the way a POSIX shell does, without any expansion: people paste
// `curl -H 'Host: shop.example.com' "http://…"` and `sh -c 'curl …'` and expect the quotes to work.
// POSIX Shell Command Language §2.2 (Quoting): a backslash keeps the next character literal;
// single quotes keep everything literal; inside double quotes a backslash escapes only $ ` " \ and
// newline. Variables, globs and command substitution are not expanded (nothing to expand them to).
import type { Result } from './types.ts';

/** Operators a one-command flow cannot express (§2.9: pipelines and lists). */
const CONTROL = ['&&', '||', '|', ';', '&'];

export function shellWords(text: string): Result<readonly string[]> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  // `curl -s URL > /dev/null 2>&1`: a redirection changes where output goes, never the packets,
  // so its target word is dropped (§2.7).
  let redirectTarget = false;
  let i = 0;
  const end = (): void => {
    if (inWord && redirectTarget) redirectTarget = false;
    else if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '\\') {
      // A backslash-newline is a line continuation; otherwise the next character is literal.
      if (text[i + 1] === '\n') i += 2;
      else {
        word += text[i + 1] ?? '';
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { ok: false, error: "a ' quote is not closed; close it, e.g. -H 'Host: shop.example.com'" };
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '$`"\\\n'.includes(text[j + 1]!)) {
          if (text[j + 1] !== '\n') word += text[j + 1];
          j += 2;
        } else word += text[j++];
      }
      if (j >= text.length) return { ok: false, error: 'a " quote is not closed; close it, e.g. curl "http://web:8080/"' };
      inWord = true;
      i = j + 1;
    } else if (c === '>' || c === '<') {
      if (inWord && /^\d+$/.test(word)) {
        word = ''; // the file descriptor of `2>`
        inWord = false;
      } else end();
      i += text[i + 1] === '>' || text[i + 1] === '&' ? 2 : 1;
      redirectTarget = true;
    } else if (c === '#' && !inWord) {
      break; // a comment runs to the end of the line (§2.3)
    } else {
      const op = CONTROL.find((o) => text.startsWith(o, i));
      if (op) {
        return { ok: false, error: `"${op}" runs more than one command; the simulator runs one: type just the curl, nc, ping or nslookup part` };
      }
      word += c;
      inWord = true;
      i++;
    }
  }
  end();
  return { ok: true, value: words };
}

/** Quotes a word for display only when a shell would need it, so described flows paste back. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
