// The Monaco editor (loaded lazily by EditorPane). It keeps the model and the store in step:
// typing reaches the store after a short pause; text set elsewhere arrives as an undoable edit
// merged with anything typed since; our diagnostics become markers; reveal requests scroll to
// and flash their range. The store stays the source of truth for everything but pending typing.
import { useEffect, useRef } from 'react';
import type { Severity } from '../../model/diagnostic.ts';
import type { SourceRange } from '../../model/diagnostic.ts';
import { useSim } from '../../state/store.ts';
import type { Theme } from '../../state/view.ts';
import { useView } from '../../state/view.ts';
import { exposeForTests } from '../testApi.ts';
import { MARKER_OWNER, toMarkers } from './markers.ts';
import type { Edit } from './merge.ts';
import { merge } from './merge.ts';
import { MODEL_URI, monaco } from './monaco.ts';

/** Edit → graph within ~150 ms: parse and build take the rest. */
const DEBOUNCE_MS = 80;
const FLASH_MS = 2500;

const SEVERITIES: Readonly<Record<Severity, number>> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};
const SEVERITY_NAMES = new Map<number, string>([[8, 'error'], [4, 'warning'], [2, 'info'], [1, 'hint']]);

const THEMES: Readonly<Record<Theme, { readonly theme: string; readonly fontSize: number }>> = {
  light: { theme: 'vs', fontSize: 13 },
  dark: { theme: 'vs-dark', fontSize: 13 },
  // Projectors: high contrast on a light background, and large enough for the back row.
  presenter: { theme: 'hc-light', fontSize: 18 },
};

const toRange = (r: SourceRange): monaco.Range => new monaco.Range(r.startLine, r.startCol, Math.max(r.endLine, r.startLine), Math.max(r.endCol, r.startCol));

export function MonacoEditor() {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const model = monaco.editor.createModel(useSim.getState().text, 'yaml', MODEL_URI);
    const editor = monaco.editor.create(host.current!, {
      model,
      ariaLabel: 'Scenario YAML',
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: 'boundary',
      fixedOverflowWidgets: true,
      ...THEMES[useView.getState().theme],
    });

    // The text the store and the editor last agreed on; typing since then is "pending".
    let base = model.getValue();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const store = () => {
      timer = undefined;
      base = model.getValue();
      useSim.getState().setText(base);
    };
    const typed = model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(store, DEBOUNCE_MS);
    });

    const applyEdit = (e: Edit) => {
      const range = monaco.Range.fromPositions(model.getPositionAt(e.start), model.getPositionAt(e.end));
      // Its own undo step, so Ctrl+Z takes back exactly this outside change.
      model.pushStackElement();
      model.pushEditOperations(null, [{ range, text: e.text }], () => null);
      model.pushStackElement();
    };
    const showMarkers = () => {
      const lineLength = (n: number) => (n >= 1 && n <= model.getLineCount() ? model.getLineLength(n) : 0);
      monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(useSim.getState().diagnostics, SEVERITIES, lineLength));
    };
    showMarkers();
    const unsubscribeSim = useSim.subscribe((s, prev) => {
      if (s.text !== prev.text && s.text !== base) {
        const edit = merge(base, model.getValue(), s.text);
        base = s.text;
        if (edit) applyEdit(edit);
      }
      if (s.diagnostics !== prev.diagnostics) showMarkers();
    });

    const flash = editor.createDecorationsCollection();
    let flashTimer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribeView = useView.subscribe((v, prev) => {
      if (v.theme !== prev.theme) {
        // Monaco's theme is global; the font size is this editor's.
        monaco.editor.setTheme(THEMES[v.theme].theme);
        editor.updateOptions({ fontSize: THEMES[v.theme].fontSize });
      }
      if (!v.reveal || v.reveal === prev.reveal) return;
      const range = toRange(v.reveal.range);
      editor.revealRangeInCenter(range);
      editor.setPosition(range.getStartPosition());
      editor.focus();
      flash.set([{ range, options: { isWholeLine: true, className: 'reveal-flash' } }]);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => flash.clear(), FLASH_MS);
    });

    exposeForTests('editor', {
      ready: () => true,
      value: () => model.getValue(),
      markers: () => monaco.editor.getModelMarkers({ resource: MODEL_URI }).map((m) => ({
        line: m.startLineNumber, col: m.startColumn, message: m.message, severity: SEVERITY_NAMES.get(m.severity) ?? String(m.severity), owner: m.owner,
      })),
      decorations: () => flash.getRanges().map((r) => ({ startLine: r.startLineNumber, endLine: r.endLineNumber })),
      position: () => {
        const p = editor.getPosition();
        return p ? { line: p.lineNumber, col: p.column } : undefined;
      },
      focus: (line: number, col: number) => {
        editor.setPosition({ lineNumber: line, column: col });
        editor.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column: col });
        editor.focus();
      },
      /** Page coordinates of a position, for hovering it (the text is not in the DOM as such). */
      coords: (line: number, col: number) => {
        editor.revealLineInCenterIfOutsideViewport(line, monaco.editor.ScrollType.Immediate);
        const p = editor.getScrolledVisiblePosition({ lineNumber: line, column: col });
        const box = editor.getDomNode()!.getBoundingClientRect();
        return p ? { x: box.left + p.left + 2, y: box.top + p.top + p.height / 2 } : undefined;
      },
      undo: () => editor.trigger('test', 'undo', null),
      redo: () => editor.trigger('test', 'redo', null),
    });

    return () => {
      exposeForTests('editor', { ready: () => false });
      // Typing not yet stored is stored now rather than lost.
      if (timer !== undefined) store();
      clearTimeout(timer);
      clearTimeout(flashTimer);
      unsubscribeSim();
      unsubscribeView();
      typed.dispose();
      editor.dispose();
      model.dispose();
    };
  }, []);

  return <div ref={host} className="monaco-host" data-testid="monaco" />;
}
