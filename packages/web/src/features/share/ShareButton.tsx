import { useState } from "react";
import { createPortal } from "react-dom";
import type { Tag } from "../../api/types.ts";
import { ShareDialog } from "./ShareDialog.tsx";

/** The reader's entry point to sharing a document by link. */
export function ShareButton({
  ws,
  docId,
  codebook,
}: {
  ws: string;
  docId: string;
  codebook: Tag[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="quiet" onClick={() => setOpen(true)}>
        Share
      </button>
      {/* In the body, not the app bar: the dialog must not take the bar's styles. */}
      {open &&
        createPortal(
          <ShareDialog ws={ws} docId={docId} codebook={codebook} onClose={() => setOpen(false)} />,
          document.body,
        )}
    </>
  );
}
