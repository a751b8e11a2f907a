import {
  type MouseEvent as ReactMouseEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Tag } from "../../api/types.ts";
import { copyText } from "../../components/ShownOnce.tsx";
import { TagChip } from "../../components/TagChip.tsx";
import { dateTime } from "../account/format.ts";
import { formatDate } from "../library/DocumentRow.tsx";
import { supportsHighlights } from "../reader/highlights.ts";
import { paragraphAt, splitParagraphs } from "../reader/paragraphs.ts";
import { TextView } from "../reader/TextView.tsx";
import type { SharedPassage, SharedView } from "./api.ts";
import { useHighlightLayer } from "./useHighlightLayer.ts";

const annFromHash = () => {
  const raw = /(?:^#|&)ann=([^&]+)/.exec(window.location.hash)?.[1];
  return raw ? decodeURIComponent(raw) : undefined;
};

/** The shared codes as codebook tags, for the reader's chips and highlight colours. */
function asTags(codes: SharedView["codes"]): Tag[] {
  return codes.map((c) => ({ ...c, createdAt: "", updatedAt: "", version: 0 }));
}

/** Only web addresses become links: a source URL is user text. */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

/**
 * The read-only reader of a share link: the text with the same highlight painting as the reader,
 * code filter chips, the passages as cards with deep links, and a printable layout. It has no
 * editing UI at all: selecting text does nothing but select it.
 */
export function SharedReader({ view, token }: { view: SharedView; token: string }) {
  const { share, document: doc, text } = view;
  const codebook = useMemo(() => asTags(view.codes), [view.codes]);
  const tags = useMemo(() => new Map(codebook.map((t) => [t.id, t])), [codebook]);
  const passages = useMemo(
    () => [...view.annotations].sort((a, b) => a.start - b.start || a.end - b.end),
    [view.annotations],
  );
  const paragraphs = useMemo(() => splitParagraphs(text), [text]);
  const [filter, setFilter] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const { indexRef, layerRef } = useHighlightLayer(textRef, text, paragraphs, codebook, passages);

  useEffect(() => {
    const previous = document.title;
    document.title = `${doc.title} · shared · Gloss`;
    return () => {
      document.title = previous;
    };
  }, [doc.title]);

  useLayoutEffect(() => layerRef.current?.setFilter(filter), [layerRef, filter]);
  useLayoutEffect(() => layerRef.current?.focus(focusedId), [layerRef, focusedId]);

  const visible = useMemo(
    () => (filter ? passages.filter((a) => a.tags.includes(filter)) : passages),
    [passages, filter],
  );
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const a of passages) for (const t of a.tags) map.set(t, (map.get(t) ?? 0) + 1);
    return map;
  }, [passages]);

  const focus = useCallback(
    (id: string, options: { scroll?: boolean; flash?: boolean } = {}) => {
      const passage = passages.find((a) => a.id === id);
      const index = indexRef.current;
      if (!passage || !index) return;
      setFocusedId(id);
      if (options.scroll) {
        index.element(paragraphAt(paragraphs, passage.start))?.scrollIntoView({ block: "center" });
      }
      if (options.flash) layerRef.current?.flash(passage.start, passage.end);
      window.history.replaceState(null, "", `#ann=${encodeURIComponent(id)}`);
    },
    [passages, paragraphs, indexRef, layerRef],
  );

  // Deep links: #ann=<id> scrolls to the passage and flashes it, on load and on hash changes.
  useEffect(() => {
    const open = () => {
      const id = annFromHash();
      if (!id) return;
      if (passages.some((a) => a.id === id)) focus(id, { scroll: true, flash: true });
      else setNotice("The linked passage is not part of this shared document.");
    };
    open();
    window.addEventListener("hashchange", open);
    return () => window.removeEventListener("hashchange", open);
  }, [passages, focus]);

  async function copyLink(passage: SharedPassage) {
    const url = `${window.location.origin}/s/${encodeURIComponent(token)}#ann=${encodeURIComponent(passage.id)}`;
    setNotice(
      (await copyText(url)) ? "Link to the passage copied." : `Link to the passage: ${url}`,
    );
  }

  function onTextClick(event: ReactMouseEvent) {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const offset = indexRef.current?.offsetAtPoint(event.clientX, event.clientY);
    if (offset == null) return;
    let best: SharedPassage | undefined;
    for (const a of visible) {
      if (a.start > offset) break;
      if (a.end > offset && (!best || a.end - a.start < best.end - best.start)) best = a;
    }
    if (best) focus(best.id);
    else setFocusedId(null);
  }

  const marks = supportsHighlights ? undefined : { annotations: visible, tags };
  const used = codebook.filter((t) => (counts.get(t.id) ?? 0) > 0);
  return (
    <div className="shared">
      <header className="shared-bar">
        <span className="wordmark">Gloss</span>
        <span className="shared-mode">Read-only shared document</span>
        <button type="button" className="quiet" onClick={() => window.print()}>
          Print
        </button>
      </header>
      <p className="shared-banner" role="note">
        Shared by <strong>{share.sharedBy}</strong>
        {share.label && (
          <>
            {" · "}
            <span className="shared-label">{share.label}</span>
          </>
        )}
        {" · "}
        {share.expiresAt ? `expires ${dateTime(share.expiresAt)}` : "no expiry"}
        {!share.includeNotes && " · notes not included"}
      </p>
      <div className="reader">
        <main className="reader-main">
          <header className="doc-head">
            <h1>{doc.title}</h1>
            <p className="doc-meta">
              {doc.sourceUrl &&
                (isWebUrl(doc.sourceUrl) ? (
                  <a href={doc.sourceUrl} rel="noopener noreferrer" target="_blank">
                    {doc.sourceUrl}
                  </a>
                ) : (
                  <span>{doc.sourceUrl}</span>
                ))}
              {doc.publishedAt && <span>{formatDate(doc.publishedAt)}</span>}
              <span>
                {passages.length} highlighted passage{passages.length === 1 ? "" : "s"}
              </span>
            </p>
          </header>
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: the cards are the keyboard path */}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: clicking a highlight focuses it */}
          <div onClick={onTextClick}>
            <TextView ref={textRef} text={text} paragraphs={paragraphs} marks={marks} />
          </div>
          {text.length === 0 && <p className="empty">This document has no text.</p>}
          <PrintedPassages passages={passages} tags={tags} includeNotes={share.includeNotes} />
        </main>
        <aside className="sidebar" aria-label="Highlighted passages">
          <div className="sidebar-head">
            <h2>
              Passages <span className="count">{passages.length}</span>
            </h2>
            {used.length > 0 && (
              <div className="filters" role="toolbar" aria-label="Filter by code">
                <button
                  type="button"
                  aria-pressed={filter === null}
                  onClick={() => setFilter(null)}
                >
                  All <span className="count">{passages.length}</span>
                </button>
                {used.map((tag) => (
                  <button
                    key={tag.id}
                    type="button"
                    data-tag={tag.id}
                    aria-pressed={filter === tag.id}
                    onClick={() => setFilter(filter === tag.id ? null : tag.id)}
                  >
                    <span className="swatch" style={{ background: tag.color }} aria-hidden="true" />
                    {tag.label} <span className="count">{counts.get(tag.id)}</span>
                  </button>
                ))}
              </div>
            )}
          </div>
          <div className="cards">
            {visible.length === 0 && (
              <p className="empty">
                {passages.length === 0
                  ? "No passages are highlighted in this shared document."
                  : "No passage has this code."}
              </p>
            )}
            {visible.map((passage) => (
              <SharedCard
                key={passage.id}
                passage={passage}
                tags={tags}
                focused={passage.id === focusedId}
                onFocus={() => focus(passage.id, { scroll: true, flash: true })}
                onCopyLink={() => void copyLink(passage)}
              />
            ))}
          </div>
        </aside>
      </div>
      {notice && (
        <div className="notice info" role="status">
          <span>{notice}</span>
          <button type="button" className="quiet" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

const QUOTE_PREVIEW = 280;

/** A passage in the sidebar: codes, quote, note (when shared) and author; no edit actions. */
function SharedCard({
  passage,
  tags,
  focused,
  onFocus,
  onCopyLink,
}: {
  passage: SharedPassage;
  tags: Map<string, Tag>;
  focused: boolean;
  onFocus: () => void;
  onCopyLink: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: "nearest" });
  }, [focused]);
  const quote =
    passage.exact.length > QUOTE_PREVIEW
      ? `${passage.exact.slice(0, QUOTE_PREVIEW)}…`
      : passage.exact;
  return (
    <article
      ref={ref}
      className={`ann-card${focused ? " focused" : ""}`}
      data-ann={passage.id}
      aria-current={focused ? "true" : undefined}
      tabIndex={-1}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("button, a")) return;
        onFocus();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && e.target === e.currentTarget) onFocus();
      }}
    >
      <div className="chips">
        {passage.tags.map((id) => (
          <TagChip key={id} id={id} tag={tags.get(id)} />
        ))}
      </div>
      <blockquote className="ann-quote">{quote}</blockquote>
      {passage.note && <p className="ann-note">{passage.note}</p>}
      <div className="ann-meta">
        <span>{passage.author}</span>
        <span>·</span>
        <time dateTime={passage.createdAt}>{dateTime(passage.createdAt)}</time>
      </div>
      <div className="ann-actions">
        <button type="button" className="quiet" onClick={onCopyLink}>
          Copy link to passage
        </button>
      </div>
    </article>
  );
}

/** The passages as a numbered list, shown only on paper under the text. */
function PrintedPassages({
  passages,
  tags,
  includeNotes,
}: {
  passages: SharedPassage[];
  tags: Map<string, Tag>;
  includeNotes: boolean;
}) {
  if (passages.length === 0) return null;
  return (
    <section className="print-passages" aria-hidden="true">
      <h2>Highlighted passages</h2>
      <ol>
        {passages.map((p) => (
          <li key={p.id}>
            <blockquote>{p.exact}</blockquote>
            <p className="print-codes">
              {p.tags.map((t) => tags.get(t)?.label ?? t).join(" · ")}
              {" — "}
              {p.author}
            </p>
            {includeNotes && p.note && <p className="print-note">{p.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
