import { useEffect, useRef } from "react";
import { describeError } from "../../api/client.ts";
import { getShownConsensus } from "./api.ts";

/** The consensus passage a `#ann=cns_…` (export `passage_url`) or `#consensus=<id>` names. */
function consensusFromHash(hash: string): string | null {
  const raw = /(?:^#|&)(?:ann|consensus)=(cns_[^&]+)/.exec(hash)?.[1];
  return raw ? decodeURIComponent(raw) : null;
}

/** What the reader is told about a consensus deep link it cannot show on the text. */
export interface ConsensusLinkNotice {
  kind: "error" | "info";
  text: string;
}

/**
 * Opens the consensus passage a reader address names (exports write `#ann=cns_…`; the reader's
 * own passages never have `cns_` ids). Call it before the reader's `useDeepLink`: its effect then
 * runs first, on load and on each hash change, and takes the hash (as `#consensus=<id>`) before
 * the reader would report an unknown passage. Once fetched, a passage on the served text becomes
 * `#at=<start>-<end>`, which the reader's search-hit link scrolls to and flashes; one whose
 * document is another, or whose words a newer version lost, is told with its quote and never
 * placed on the text.
 */
export function useConsensusLink(
  ws: string,
  documentId: string,
  notify: (notice: ConsensusLinkNotice) => void,
): void {
  const latest = useRef(notify);
  latest.current = notify;
  useEffect(() => {
    let live = true;
    const onHash = () => {
      const id = consensusFromHash(window.location.hash);
      if (!id) return;
      window.history.replaceState(null, "", `#consensus=${encodeURIComponent(id)}`);
      getShownConsensus(ws, id).then(
        ({ passage, status }) => {
          if (!live || consensusFromHash(window.location.hash) !== id) return;
          if (passage.documentId !== documentId) {
            latest.current({
              kind: "error",
              text: "The linked consensus passage is on another document.",
            });
          } else if (status === "anchored") {
            window.history.replaceState(null, "", `#at=${passage.start}-${passage.end}`);
            window.dispatchEvent(new HashChangeEvent("hashchange"));
          } else {
            latest.current({
              kind: "info",
              text: `The linked consensus passage is not in the current version of the text: “${passage.exact}”.`,
            });
          }
        },
        (error: unknown) => {
          if (live) latest.current({ kind: "error", text: describeError(error) });
        },
      );
    };
    onHash();
    window.addEventListener("hashchange", onHash);
    return () => {
      live = false;
      window.removeEventListener("hashchange", onHash);
    };
  }, [ws, documentId]);
}
