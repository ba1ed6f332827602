// The bar between the flow bar and the bottom panel: drag it (or focus it and press ↑/↓, Home,
// End) to trade graph height for hop-list/matrix height; a double click restores the default.
// The share is the view store's, so it survives a reload (persist.ts).
import type { KeyboardEvent, PointerEvent } from 'react';
import { BOTTOM_SHARE, selectBottomShare, useView } from '../state/view.ts';
import { shareAt, shareForKey } from './splitter.ts';

export function Splitter() {
  const share = useView(selectBottomShare);
  const set = useView.getState().setBottomShare;
  const drag = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    const app = e.currentTarget.closest('.app')!.getBoundingClientRect();
    set(shareAt(e.clientY, app.top, app.bottom));
  };
  const key = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = shareForKey(e.key, share);
    if (next === undefined) return;
    e.preventDefault();
    set(next);
  };
  return (
    <div
      className="splitter" role="separator" aria-orientation="horizontal" aria-label="Resize the bottom panel" tabIndex={0}
      aria-valuemin={Math.round(BOTTOM_SHARE.min * 100)} aria-valuemax={Math.round(BOTTOM_SHARE.max * 100)} aria-valuenow={Math.round(share * 100)}
      data-testid="splitter" title="Drag to resize; double-click to reset"
      onPointerDown={(e) => e.currentTarget.setPointerCapture(e.pointerId)}
      onPointerMove={drag}
      onPointerUp={(e) => e.currentTarget.releasePointerCapture(e.pointerId)}
      onDoubleClick={() => set(BOTTOM_SHARE.initial)}
      onKeyDown={key}
    />
  );
}
