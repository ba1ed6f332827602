// The line under the top bar while a shared scenario is open (with "Back to my scenario"), or
// when a link could not be opened. Differences from the link's recorded answer are listed.
import { backToMine, dismissShareNotice, useShareNotice } from './open.ts';
import './share.css';

export function ShareBanner() {
  const notice = useShareNotice((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`banner share-banner ${notice.kind === 'error' ? 'error' : 'warning'}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="share-banner">
      <div className="share-banner-text">
        <span>{notice.message}</span>
        {notice.differences.length > 0 && (
          <>
            <strong> This engine now answers differently:</strong>
            <ul data-testid="share-differences">{notice.differences.map((d) => <li key={d}>{d}</li>)}</ul>
          </>
        )}
      </div>
      {notice.kind === 'draft'
        ? <button type="button" className="control" data-testid="share-back" onClick={() => backToMine(window.history, window.location)}>Back to my scenario</button>
        : <button type="button" className="dismiss" aria-label="Dismiss" onClick={dismissShareNotice}>✕</button>}
    </div>
  );
}
