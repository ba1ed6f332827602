// The top bar's Share button; the dialog exists only while open (its link is made on opening).
import { useState } from 'react';
import { ShareDialog } from './ShareDialog.tsx';

export function ShareButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="control" data-testid="share-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>Share</button>
      {open && <ShareDialog onClose={() => setOpen(false)} />}
    </>
  );
}
