// Puts the caret on a 1-based line:column of a textarea, selects that line and scrolls it into
// view: a click on a problem takes the student to the YAML it is about.

export function revealLine(textarea: HTMLTextAreaElement, line: number, col: number): void {
  const text = textarea.value;
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const lineEnd = text.indexOf('\n', start);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const caret = Math.min(start + Math.max(0, col - 1), end);
  textarea.focus();
  textarea.setSelectionRange(caret, end);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  // Leave a third of the box above the line so its context stays visible.
  textarea.scrollTop = Math.max(0, (line - 1) * lineHeight - textarea.clientHeight / 3);
}
