import {
  type MouseEvent as ReactMouseEvent,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import type { Relation, Tag } from "../../api/types.ts";
import { Notice } from "../../components/Notice.tsx";
import { QuoteAndNote } from "../../components/QuoteAndNote.tsx";
import { copyText } from "../../components/ShownOnce.tsx";
import { TagChip } from "../../components/TagChip.tsx";
import { dateTime } from "../account/format.ts";
import { formatDate } from "../library/DocumentRow.tsx";
import { LinkedPassage } from "../links/LinkedPassage.tsx";
import { relationPhrase } from "../links/relations.ts";
import { DocumentText } from "../reader/DocumentText.tsx";
import { annHash } from "../reader/deepLink.ts";
import { supportsHighlights } from "../reader/highlights.ts";
import { ListToggle } from "../reader/ListToggle.tsx";
import { splitParagraphs } from "../reader/paragraphs.ts";
import { countByTag, withTag } from "../reader/passages.ts";
import { SidebarFrame } from "../reader/SidebarFrame.tsx";
import { useHighlightLayer } from "../reader/useHighlightLayer.ts";
import { usePassageFocus } from "../reader/usePassageFocus.ts";
import type { SharedLink, SharedPassage, SharedView } from "./api.ts";
import "../links/links.css";
import "../reader/reader.css";

/** A link as one of its passages shows it: the relation from its side and the other passage. */
interface PassageLink {
  relation: Relation;
  phrase: string;
  other: SharedPassage;
  note: string;
}

/** Each passage's links, both the ones it starts and the ones that point at it. */
function linksByPassage(links: SharedLink[], passages: SharedPassage[]) {
  const byId = new Map(passages.map((p) => [p.id, p]));
  const result = new Map<string, PassageLink[]>();
  const add = (link: SharedLink, outgoing: boolean) => {
    const [own, other] = outgoing ? [link.fromId, link.toId] : [link.toId, link.fromId];
    const passage = byId.get(other);
    if (!passage) return;
    const list = result.get(own) ?? [];
    list.push({
      relation: link.relation,
      phrase: relationPhrase(link.relation, outgoing),
      other: passage,
      note: link.note,
    });
    result.set(own, list);
  };
  for (const link of links) {
    add(link, true);
    add(link, false);
  }
  return result;
}

/** The shared codes as codebook tags, for the reader's chips and highlight colours. */
function asTags(codes: SharedView["codes"]): Tag[] {
  return codes.map((c) => ({
    ...c,
    parentId: null,
    position: 0,
    path: [c.label],
    createdAt: "",
    updatedAt: "",
    version: 0,
  }));
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
  const links = useMemo(
    () => linksByPassage(view.links ?? [], view.annotations),
    [view.links, view.annotations],
  );
  const paragraphs = useMemo(() => splitParagraphs(text), [text]);
  const [filter, setFilter] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [listOpen, setListOpen] = useState(false);
  const textRef = useRef<HTMLDivElement>(null);
  const { indexRef, layerRef } = useHighlightLayer(textRef, text, paragraphs, codebook, passages, {
    paintAllWhenPrinting: true,
  });

  useEffect(() => {
    const previous = document.title;
    document.title = `${doc.title} · shared · Gloss`;
    return () => {
      document.title = previous;
    };
  }, [doc.title]);

  useLayoutEffect(() => layerRef.current?.setFilter(filter), [layerRef, filter]);

  const visible = useMemo(() => withTag(passages, filter), [passages, filter]);
  const counts = useMemo(() => countByTag(passages), [passages]);

  const { focusedId, focus, focusAtClick } = usePassageFocus({
    passages,
    visible,
    indexRef,
    layerRef,
    onMissing: () => setNotice("The linked passage is not part of this shared document."),
  });

  async function copyLink(passage: SharedPassage) {
    const url = `${window.location.origin}/s/${encodeURIComponent(token)}${annHash(passage.id)}`;
    setNotice(
      (await copyText(url)) ? "Link to the passage copied." : `Link to the passage: ${url}`,
    );
  }

  const marks = supportsHighlights ? undefined : { annotations: visible, tags };
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
        {share.sharedBy ? (
          <>
            Shared by <strong>{share.sharedBy}</strong>
          </>
        ) : (
          "Shared without names or times"
        )}
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
            <h1 dir="auto">{doc.title}</h1>
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
            {doc.textSha256 && (
              <p className="doc-meta shared-verification" data-testid="shared-verification">
                {passages.filter((p) => p.verified).length} of {passages.length} passages verified
                against the stored text (version {doc.textVersion}, SHA-256{" "}
                <code>{doc.textSha256}</code>)
              </p>
            )}
          </header>
          <DocumentText
            textRef={textRef}
            text={text}
            paragraphs={paragraphs}
            marks={marks}
            language={doc.language}
            onClick={focusAtClick}
          />
          <PrintedPassages passages={passages} tags={tags} includeNotes={share.includeNotes} />
        </main>
        <SidebarFrame
          label="Highlighted passages"
          title="Passages"
          open={listOpen}
          total={passages.length}
          codebook={codebook}
          counts={counts}
          filter={filter}
          onFilter={setFilter}
        >
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
              links={links.get(passage.id)}
              focused={passage.id === focusedId}
              onFocus={() => focus(passage.id, { scroll: true, flash: true })}
              onCopyLink={() => void copyLink(passage)}
            />
          ))}
        </SidebarFrame>
      </div>
      <ListToggle open={listOpen} count={passages.length} label="Passages" onToggle={setListOpen} />
      {notice && <Notice kind="info" text={notice} onDismiss={() => setNotice(null)} />}
    </div>
  );
}

const QUOTE_PREVIEW = 280;

/**
 * A passage in the sidebar: codes, quote, note (when shared), author and its links to other
 * shared passages; no edit actions.
 */
function SharedCard({
  passage,
  tags,
  links,
  focused,
  onFocus,
  onCopyLink,
}: {
  passage: SharedPassage;
  tags: Map<string, Tag>;
  links: PassageLink[] | undefined;
  focused: boolean;
  onFocus: () => void;
  onCopyLink: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: "nearest" });
  }, [focused]);
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
      <QuoteAndNote
        passage={passage}
        preview={QUOTE_PREVIEW}
        quoteClass="ann-quote"
        noteClass="ann-note"
      />
      {passage.author !== null && passage.createdAt !== null && (
        <div className="ann-meta">
          <span>{passage.author}</span>
          <span>·</span>
          <time dateTime={passage.createdAt}>{dateTime(passage.createdAt)}</time>
        </div>
      )}
      {links && (
        <div className="passage-links">
          <ul aria-label="Linked passages">
            {links.map((link) => (
              <LinkedPassage
                key={`${link.relation} ${link.other.id}`}
                relation={link.relation}
                phrase={link.phrase}
                href={annHash(link.other.id)}
                quote={link.other.exact}
                note={link.note}
                onFollow={followAgain}
              />
            ))}
          </ul>
        </div>
      )}
      <div className="ann-actions">
        <button type="button" className="quiet" onClick={onCopyLink}>
          Copy link to passage
        </button>
      </div>
    </article>
  );
}

/**
 * A link to the passage the address already points at changes no hash: announce it anyway, so
 * that the deep link focuses that passage again.
 */
function followAgain(event: ReactMouseEvent<HTMLAnchorElement>) {
  if (event.currentTarget.hash !== window.location.hash) return;
  event.preventDefault();
  window.dispatchEvent(new HashChangeEvent("hashchange"));
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
            <blockquote dir="auto">{p.exact}</blockquote>
            <p className="print-codes">
              {p.tags.map((t) => tags.get(t)?.label ?? t).join(" · ")}
              {p.author !== null && ` — ${p.author}`}
            </p>
            {includeNotes && p.note && (
              <p className="print-note" dir="auto">
                {p.note}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
