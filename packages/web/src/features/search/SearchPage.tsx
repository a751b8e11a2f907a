import { type FormEvent, useEffect, useMemo, useState } from "react";
import { ApiError } from "../../api/client.ts";
import type { Document, Tag } from "../../api/types.ts";
import { currentWorkspace } from "../../api/workspace.ts";
import { Link, navigate } from "../../app/router.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { Tabs } from "../../components/Tabs.tsx";
import { AttributeFilter } from "../attributes/AttributeFilter.tsx";
import { listTags } from "../codebook/api.ts";
import { listDocuments } from "../library/api.ts";
import { AnnotationResults } from "./AnnotationResults.tsx";
import {
  hitsCsvUrl,
  type SearchHit,
  type SearchPage as SearchPageData,
  type SearchSpec,
  searchHits,
  searchPath,
  specFromLocation,
} from "./api.ts";
import { CodeHits } from "./CodeHits.tsx";
import { hitPath } from "./hitLink.ts";
import { SavedQueries } from "./SavedQueries.tsx";
import { useLocationSearch } from "./useLocationSearch.ts";
import "./search.css";

const PAGE_SIZE = 50;

export const hitKey = (h: { documentId: string; start: number; end: number }) =>
  `${h.documentId}:${h.start}:${h.end}`;

/**
 * Document filters of the Search page: attribute values (the attributes feature's own picker,
 * `attr.<id>=…`) and the publication date range, applied before any text is searched.
 */
export function AttributeFilters({
  spec,
  onChange,
}: {
  spec: SearchSpec;
  onChange: (spec: SearchSpec) => void;
}) {
  const date = (name: "publishedFrom" | "publishedTo", label: string) => (
    <label className="search-date">
      {label}
      <input
        type="text"
        inputMode="numeric"
        placeholder="YYYY-MM-DD"
        pattern={"\\d{4}(-\\d{2}(-\\d{2})?)?"}
        title="A year, a month (YYYY-MM) or a day (YYYY-MM-DD)"
        value={spec[name] ?? ""}
        onChange={(e) => onChange({ ...spec, [name]: e.target.value.trim() })}
      />
    </label>
  );
  return (
    <>
      <AttributeFilter
        value={spec.attrs ?? {}}
        onChange={(attrs) => onChange({ ...spec, attrs })}
      />
      <fieldset className="search-dates">
        <legend>Published</legend>
        {date("publishedFrom", "From")}
        {date("publishedTo", "To")}
      </fieldset>
    </>
  );
}

interface Setup {
  ws: string;
  canEdit: boolean;
  tags: Tag[];
  documents: Document[];
}

/** The Search page: `/search?q=…`, every hit of a query across the workspace, in context. */
export function SearchPage() {
  const search = useLocationSearch();
  const spec = useMemo(() => specFromLocation(search), [search]);
  const [setup, setSetup] = useState<Setup | { error: unknown } | null>(null);
  useEffect(() => {
    (async () => {
      const ws = await currentWorkspace();
      const [tags, documents] = await Promise.all([
        listTags(ws.id),
        listDocuments(ws.id, { limit: 500 }),
      ]);
      return {
        ws: ws.id,
        canEdit: ws.role !== "viewer",
        tags,
        documents: documents.items.filter((d) => d.status === "ready"),
      };
    })().then(setSetup, (error: unknown) => setSetup({ error }));
  }, []);
  if (!setup) return <Loading />;
  if ("error" in setup) return <ErrorMessage error={setup.error} />;
  return <SearchView key={search} setup={setup} spec={spec} />;
}

function SearchView({ setup, spec }: { setup: Setup; spec: SearchSpec }) {
  const [draft, setDraft] = useState<SearchSpec>(spec);
  // Cursors of the pages before the current one, for "Previous".
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [result, setResult] = useState<SearchPageData | { error: unknown } | null>(null);
  const [selected, setSelected] = useState<Map<string, SearchHit>>(new Map());
  const [round, setRound] = useState(0);
  const [tab, setTab] = useState<"text" | "annotations">("text");
  const cursor = cursors.at(-1);
  const tagById = useMemo(() => new Map(setup.tags.map((t) => [t.id, t])), [setup.tags]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: round re-runs the search after coding
  useEffect(() => {
    if (!spec.q || tab !== "text") return;
    let live = true;
    // The page shown stays until the next one arrives, so a re-run after coding keeps its status.
    searchHits(setup.ws, spec, { limit: PAGE_SIZE, cursor }).then(
      (page) => live && setResult(page),
      (error: unknown) => live && setResult({ error }),
    );
    return () => {
      live = false;
    };
  }, [setup.ws, spec, cursor, round, tab]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.q.trim()) navigate(searchPath(draft));
  }

  const page = result && !("error" in result) ? result : null;
  const first = (cursors.length - 1) * PAGE_SIZE;

  function toggle(hit: SearchHit, on: boolean) {
    const next = new Map(selected);
    if (on) next.set(hitKey(hit), hit);
    else next.delete(hitKey(hit));
    setSelected(next);
  }

  return (
    <div className="page search-page">
      <h1>Search</h1>
      <form className="search-form" onSubmit={submit} aria-label="Search the documents">
        <div className="search-row">
          <label className="visually-hidden" htmlFor="search-q">
            Query
          </label>
          <input
            id="search-q"
            type="search"
            value={draft.q}
            maxLength={1000}
            placeholder='passport NEAR/5 confiscat*, "debt bondage", Myawaddy'
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
          <button type="submit">Search</button>
        </div>
        <fieldset className="search-switches">
          <legend className="visually-hidden">Matching</legend>
          <label>
            <input
              type="checkbox"
              checked={draft.case}
              onChange={(e) => setDraft({ ...draft, case: e.target.checked })}
            />
            Match case
          </label>
          <label>
            <input
              type="checkbox"
              checked={draft.word}
              disabled={draft.regex}
              onChange={(e) => setDraft({ ...draft, word: e.target.checked })}
            />
            Whole words
          </label>
          <label>
            <input
              type="checkbox"
              checked={draft.regex}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  regex: e.target.checked,
                  word: e.target.checked ? false : draft.word,
                })
              }
            />
            Regular expression
          </label>
        </fieldset>
        <fieldset className="search-filters">
          <legend className="visually-hidden">Filters</legend>
          <label>
            Document
            <select
              value={draft.documentIds[0] ?? ""}
              onChange={(e) =>
                setDraft({ ...draft, documentIds: e.target.value ? [e.target.value] : [] })
              }
            >
              <option value="">All documents</option>
              {setup.documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Coded text
            <select
              value={draft.coded}
              onChange={(e) => setDraft({ ...draft, coded: e.target.value as SearchSpec["coded"] })}
            >
              <option value="">Anywhere</option>
              <option value="inside">Inside coded passages</option>
              <option value="outside">Outside coded passages</option>
            </select>
          </label>
          <label>
            Code
            <select
              value={draft.tags[0] ?? ""}
              onChange={(e) => setDraft({ ...draft, tags: e.target.value ? [e.target.value] : [] })}
            >
              <option value="">Any code</option>
              {setup.tags.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <AttributeFilters spec={draft} onChange={setDraft} />
        </fieldset>
      </form>

      <Tabs
        value={tab}
        options={[
          { value: "text", label: "Text" },
          { value: "annotations", label: "Notes and quotes" },
        ]}
        onChange={setTab}
      />
      {tab === "annotations" && <AnnotationResults ws={setup.ws} q={spec.q} />}
      {tab === "text" && !spec.q && (
        <p className="lede">
          Words and "exact phrases", AND, OR, NOT, parentheses, trailing * wildcards and NEAR/n.
          Press <kbd>/</kbd> anywhere to search.
        </p>
      )}
      {tab === "text" && spec.q && !result && <Loading label="Searching…" />}
      {tab === "text" && result && "error" in result && (
        <ErrorMessage
          error={result.error}
          {...(result.error instanceof ApiError && result.error.status >= 500
            ? { onRetry: () => setRound((r) => r + 1) }
            : {})}
        />
      )}
      {tab === "text" && page && (
        <>
          <div className="search-summary" role="status">
            <strong className="search-total">
              {page.total} hit{page.total === 1 ? "" : "s"}
            </strong>{" "}
            in {page.documents.length} document{page.documents.length === 1 ? "" : "s"}
            {page.total > 0 && (
              <>
                {" · "}
                <a href={hitsCsvUrl(setup.ws, spec)} download>
                  Download CSV
                </a>
              </>
            )}
          </div>
          {page.documents.length > 1 && (
            <ul className="search-counts" aria-label="Hits per document">
              {page.documents.map((d) => (
                <li key={d.documentId}>
                  <span dir="auto">{d.title}</span> <span className="count">{d.count}</span>
                </li>
              ))}
            </ul>
          )}
          {setup.canEdit && page.total > 0 && (
            <CodeHits
              ws={setup.ws}
              spec={spec}
              tags={setup.tags}
              selected={[...selected.values()]}
              total={page.total}
              preview={page.items.slice(0, 5)}
              onCoded={() => {
                setSelected(new Map());
                setRound((r) => r + 1);
              }}
            />
          )}
          <ol className="search-hits" start={first + 1} aria-label="Hits">
            {page.items.map((hit) => (
              <li key={hitKey(hit)} className="search-hit">
                {setup.canEdit && (
                  <input
                    type="checkbox"
                    aria-label={`Select hit in ${hit.title}, paragraph ${hit.paragraph}`}
                    checked={selected.has(hitKey(hit))}
                    onChange={(e) => toggle(hit, e.target.checked)}
                  />
                )}
                <div className="search-hit-body">
                  <div className="search-hit-place">
                    <Link href={hitPath(setup.ws, hit.documentId, hit.start, hit.end)} dir="auto">
                      {hit.title}
                    </Link>
                    <span>
                      {hit.page !== null && `p. ${hit.page} · `}¶ {hit.paragraph}
                    </span>
                    {hit.codes.map((c) => (
                      <span key={c} className="search-code">
                        {tagById.get(c)?.label ?? c}
                      </span>
                    ))}
                  </div>
                  <p className="kwic" dir="auto">
                    <span className="kwic-before">{hit.before}</span>
                    <mark>{hit.exact}</mark>
                    <span className="kwic-after">{hit.after}</span>
                  </p>
                </div>
              </li>
            ))}
          </ol>
          {page.total > 0 && (
            <nav className="search-pages" aria-label="Pages of hits">
              <span>
                {first + 1}–{first + page.items.length} of {page.total}
              </span>
              <button
                type="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Previous
              </button>
              <button
                type="button"
                disabled={!page.nextCursor}
                onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
      <SavedQueries ws={setup.ws} spec={spec} canEdit={setup.canEdit} />
    </div>
  );
}
