// The top bar's messages: the NetworkPolicy banner, autosave trouble, and the toast (Undo, errors).
import { useEffect, useState } from 'react';
import { selectProblem, selectToast, undoReplace, useNotices } from '../../state/persist.ts';
import { selectCluster, useSim } from '../../state/store.ts';
import { policyWarning } from './options.ts';

/** Policies that exist but do nothing: dismissible, and back when the situation changes. */
export function PolicyBanner() {
  const cluster = useSim(selectCluster);
  const [dismissed, setDismissed] = useState<string | undefined>();
  const text = cluster && policyWarning(cluster.settings.cni.plugin, cluster.settings.cni.networkPolicy, cluster.policies.length);
  if (!text || dismissed === text) return null;
  return (
    <div className="banner warning" role="status" data-testid="policy-warning">
      <span>⚠ {text}</span>
      <button type="button" className="dismiss" aria-label="Dismiss the NetworkPolicy warning" onClick={() => setDismissed(text)}>×</button>
    </div>
  );
}

const TOAST_MS = 12_000;

/** Autosave trouble and the last action's message, floating over the bottom corner (no layout shift). */
export function Toasts() {
  const problem = useNotices(selectProblem);
  const toast = useNotices(selectToast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => useNotices.getState().showToast(undefined), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div className="toasts">
      {problem && (
        <div className="toast error" role="alert" data-testid="storage-problem">
          <span>{problem}</span>
          <button type="button" className="dismiss" aria-label="Dismiss" onClick={() => useNotices.getState().dismissProblem()}>×</button>
        </div>
      )}
      {toast && (
        <div className={toast.error ? 'toast error' : 'toast'} role={toast.error ? 'alert' : 'status'} data-testid="toast">
          <span>{toast.message}</span>
          {toast.previous !== undefined && <button type="button" onClick={undoReplace}>Undo</button>}
          <button type="button" className="dismiss" aria-label="Dismiss" onClick={() => useNotices.getState().showToast(undefined)}>×</button>
        </div>
      )}
    </div>
  );
}
