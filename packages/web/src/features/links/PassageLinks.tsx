import { type MouseEvent, useEffect, useRef, useState } from "react";
import { describeError } from "../../api/client.ts";
import type { Annotation, Link } from "../../api/types.ts";
import { navigate } from "../../app/router.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage } from "../../components/Status.tsx";
import { deleteLink } from "./api.ts";
import { LinkDialog } from "./LinkDialog.tsx";
import { LinkedPassage } from "./LinkedPassage.tsx";
import { fromSideOf, passageHref } from "./relations.ts";
import { addLink, loadLinks, removeLink, usePassageLinks } from "./store.ts";
import "./links.css";

/** Whether an element has come into view (once true, stays true). */
function useSeen<T extends Element>() {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const target = ref.current;
    if (!target || seen) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [seen]);
  return [ref, seen] as const;
}

/**
 * Opens the other end of a link: the same document focuses it through the hash (the reader
 * listens for hashchange); another document is a navigation, whose reader reads the hash.
 */
function follow(event: MouseEvent<HTMLAnchorElement>, currentDocumentId: string, href: string) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  const url = new URL(href, window.location.origin);
  if (!url.pathname.endsWith(`/d/${encodeURIComponent(currentDocumentId)}`)) navigate(href);
  else if (window.location.hash !== url.hash) window.location.hash = url.hash;
  else window.dispatchEvent(new HashChangeEvent("hashchange"));
}

/** A passage's links in its card: relation, the other quote and its document; follow or remove. */
export function PassageLinks({ annotation }: { annotation: Annotation }) {
  const ws = annotation.workspaceId;
  const [ref, seen] = useSeen<HTMLDivElement>();
  const state = usePassageLinks(ws, annotation.id, seen);
  const [removing, setRemoving] = useState<Link | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function confirmRemove(choice: string | null) {
    const link = removing;
    setRemoving(null);
    if (!choice || !link) return;
    try {
      await deleteLink(ws, link.id);
      removeLink(ws, link);
    } catch (e) {
      setError(`The link was not removed: ${describeError(e)}`);
    }
  }

  const links = state.status === "ready" ? state.links : [];
  return (
    <div ref={ref} className="passage-links">
      {state.status === "error" && (
        <ErrorMessage error={state.error} onRetry={() => loadLinks(ws, annotation.id)} />
      )}
      {error && <ErrorMessage error={error} />}
      {links.length > 0 && (
        <ul aria-label="Linked passages">
          {links.map((link) => {
            const { phrase, other } = fromSideOf(link, annotation.id);
            const href = passageHref(other.documentId, other.annotationId);
            return (
              <LinkedPassage
                key={link.id}
                id={link.id}
                relation={link.relation}
                phrase={phrase}
                href={href}
                quote={other.exact}
                place={
                  other.documentId === annotation.documentId ? "this document" : other.documentTitle
                }
                note={link.note}
                onFollow={(e) => follow(e, annotation.documentId, href)}
              >
                <button
                  type="button"
                  className="quiet passage-link-remove"
                  aria-label={`Remove link to “${other.exact.slice(0, 40)}”`}
                  title="Remove link"
                  onClick={() => setRemoving(link)}
                >
                  ×
                </button>
              </LinkedPassage>
            );
          })}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          title="Remove this link?"
          choices={[{ label: "Remove link", value: "remove", danger: true }]}
          onClose={(choice) => void confirmRemove(choice)}
        >
          <p>Both passages stay; only the link between them goes.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The card action that opens the link dialog. */
export function LinkPassageButton({ annotation }: { annotation: Annotation }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="quiet" onClick={() => setOpen(true)}>
        Link to passage…
      </button>
      {open && (
        <LinkDialog
          source={annotation}
          onClose={(link) => {
            setOpen(false);
            if (link) {
              addLink(annotation.workspaceId, link);
              // Ends not loaded yet (the other card is off screen) fetch when they show.
              loadLinks(annotation.workspaceId, annotation.id);
            }
          }}
        />
      )}
    </>
  );
}
