import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { queryClient } from "../../api/queryClient.ts";
import { queryKeys } from "../../api/queryKeys.ts";
import type {
  Annotation,
  Document,
  ReanchorCounts,
  Role,
  Tag,
  Workspace,
} from "../../api/types.ts";
import {
  currentWorkspace,
  getMe,
  lastWorkspaceId,
  type Me,
  selectWorkspace,
} from "../../api/workspace.ts";
import { readerPath } from "../../app/paths.ts";
import { TopBar } from "../../components/Layout.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { listMembers } from "../account/api.ts";
import { listTags } from "../codebook/api.ts";
import { getDocument, getText } from "../library/api.ts";
import { getPages } from "../upload/api.ts";
import type { NewVersionResult } from "../upload/NewVersionDialog.tsx";
import { useUploadState, watchPending } from "../upload/store.ts";
import { failureText } from "../upload/UploadProgress.tsx";
import { inTextOrder } from "./annotationOrder.ts";
import { listAnnotations } from "./api.ts";
import { Reader } from "./Reader.tsx";

export interface ReaderData {
  ws: string;
  me: Me;
  /** The caller's role: viewers get a read-only reader. */
  role: Role;
  document: Document;
  text: string;
  tags: Tag[];
  /** Member names by user id, for the cards; null when the list could not be read. */
  members: Map<string, string> | null;
  /** Anchored and orphaned annotations alike; the reader lists orphaned ones apart. */
  annotations: Annotation[];
  /** Where each page starts in the text; null for sources without pages. */
  pageStarts: number[] | null;
}

/** A new version just applied, with what happened to the annotations. */
export interface VersionApplied {
  version: number;
  counts: ReanchorCounts;
}

type Loaded =
  | { kind: "ready"; data: ReaderData }
  | { kind: "not-ready"; ws: string; document: Document };

/** Null instead of the API's 409 `document.not_ready` (a pending or failed document). */
async function unlessNotReady<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.code === "document.not_ready") {
      return null;
    }
    throw error;
  }
}

/**
 * What a new version did to the annotations, from the lists before and after it, for uploads read
 * by the ingest function (whose counts are not returned to the browser).
 */
function countChanges(before: Annotation[], after: Annotation[]): ReanchorCounts {
  const counts = { total: 0, unchanged: 0, moved: 0, orphaned: 0 };
  const old = new Map(before.filter((a) => a.status === "anchored").map((a) => [a.id, a]));
  for (const a of after) {
    const was = old.get(a.id);
    if (!was) continue;
    counts.total += 1;
    if (a.status === "orphaned") counts.orphaned += 1;
    else if (a.start === was.start && a.end === was.end && a.exact === was.exact) {
      counts.unchanged += 1;
    } else counts.moved += 1;
  }
  return counts;
}

/**
 * Where a document is: in workspace `ws` when the address names it (`/w/:ws/d/:docId`); for an
 * old `/d/:docId` link, in the chosen workspace or else the first of the caller's others that
 * has it.
 */
async function locate(
  me: Me,
  ws: string | null,
  docId: string,
): Promise<{ workspace: Workspace; document: Document }> {
  if (ws) {
    const workspace = me.workspaces.find((w) => w.id === ws);
    if (!workspace) {
      throw new ApiError(404, "workspace.not_found", "You are not a member of this workspace.");
    }
    return { workspace, document: await getDocument(workspace.id, docId) };
  }
  const first = await currentWorkspace();
  for (const workspace of [first, ...me.workspaces.filter((w) => w.id !== first.id)]) {
    try {
      return { workspace, document: await getDocument(workspace.id, docId) };
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
  throw new ApiError(404, "document.not_found", "This document does not exist, or it was deleted.");
}

/**
 * `/w/:ws/d/:docId` (and old `/d/:docId` links): loads the document, its text, codebook and
 * annotations, then shows the reader. The document's workspace becomes the chosen one, and an old
 * link's address is rewritten to name it.
 */
export function ReaderPage({ ws: wanted, docId }: { ws: string | null; docId: string }) {
  const [applied, setApplied] = useState<VersionApplied | null>(null);
  const pendingResult = useRef<NewVersionResult | null>(null);
  const query = useQuery({
    queryKey: queryKeys.reader(wanted, docId),
    queryFn: async (): Promise<Loaded> => {
      const me = await getMe();
      const { workspace: ws, document } = await locate(me, wanted, docId);
      if (ws.id !== lastWorkspaceId()) selectWorkspace(ws.id);
      if (!wanted) {
        const { hash, search } = window.location;
        window.history.replaceState(null, "", `${readerPath(docId, ws.id)}${search}${hash}`);
      }
      const [text, tags, annotations, pages, members] = await Promise.all([
        unlessNotReady(getText(ws.id, docId)),
        listTags(ws.id),
        unlessNotReady(listAnnotations(ws.id, docId)),
        unlessNotReady(getPages(ws.id, docId)),
        listMembers(ws.id).catch(() => null),
      ]);
      if (text === null || annotations === null || document.status !== "ready") {
        return { kind: "not-ready", ws: ws.id, document };
      }
      // The reader's annotations live in a query of their own, which its mutations update.
      queryClient.setQueryData(queryKeys.annotations(ws.id, docId), inTextOrder(annotations));
      performance.mark("gloss:annotations-loaded");
      return {
        kind: "ready",
        data: {
          ws: ws.id,
          me,
          role: ws.role,
          document,
          text,
          tags,
          annotations,
          members: members && new Map(members.map((m) => [m.userId, m.name])),
          pageStarts: pages?.pageStarts ?? null,
        },
      };
    },
    // Opened afresh each time (a colleague may have annotated meanwhile), and let go on leaving:
    // the text of a long report is megabytes.
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const state = query.status === "success" ? query.data : null;

  // After a new version, the reloaded annotations tell what happened when the API did not.
  const previous = useRef<Annotation[]>([]);
  useEffect(() => {
    if (state?.kind !== "ready") return;
    const result = pendingResult.current;
    const data = state.data;
    if (result && data.document.textVersion >= result.document.textVersion) {
      pendingResult.current = null;
      setApplied({
        version: data.document.textVersion,
        counts: result.counts ?? countChanges(previous.current, data.annotations),
      });
    }
    previous.current = data.annotations;
  }, [state]);

  if (state?.kind === "ready") {
    const data = state.data;
    return (
      // A new version is a new text: the reader starts afresh on it.
      <Reader
        key={data.document.textVersion}
        data={data}
        applied={applied}
        onDismissApplied={() => setApplied(null)}
        onNewVersion={(result) => {
          pendingResult.current = result;
          reload();
        }}
      />
    );
  }
  return (
    <>
      <TopBar />
      <main className="main">
        <div className="page">
          {query.status === "pending" && <Loading label="Opening the document…" />}
          {state?.kind === "not-ready" && (
            <NotReady ws={state.ws} document={state.document} onReady={reload} />
          )}
          {query.status === "error" &&
            (query.error instanceof ApiError && query.error.status === 404 ? (
              <ErrorMessage error="This document does not exist, or it was deleted." />
            ) : (
              <ErrorMessage error={query.error} onRetry={reload} />
            ))}
        </div>
      </main>
    </>
  );
}

/** A document whose file is still being read (watched until it is), or could not be read. */
function NotReady({
  ws,
  document,
  onReady,
}: {
  ws: string;
  document: Document;
  onReady: () => void;
}) {
  const upload = useUploadState(document.status === "pending" ? document.id : null);
  useEffect(() => watchPending(ws, document), [ws, document]);
  useEffect(() => {
    if (upload?.phase === "ready") onReady();
  }, [upload, onReady]);
  const failure =
    document.status === "failed"
      ? (document.failureReason ?? "")
      : upload?.phase === "failed"
        ? upload.reason
        : null;
  return (
    <>
      <h1 dir="auto">{document.title}</h1>
      {failure !== null ? (
        <ErrorMessage error={failureText(failure)} />
      ) : upload?.phase === "stalled" ? (
        <p className="loading">Still extracting text after 5 minutes. Come back later.</p>
      ) : (
        <Loading label="Extracting text…" />
      )}
    </>
  );
}
