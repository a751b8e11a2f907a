import { QueryObserver } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { describeError } from "../../api/client.ts";
import { queryClient } from "../../api/queryClient.ts";
import { queryKeys } from "../../api/queryKeys.ts";
import type { Document } from "../../api/types.ts";
import { getDocument, putFile, startUpload, startVersionUpload, type UploadMeta } from "./api.ts";
import { refusal, rememberLimit } from "./check.ts";

/** Where an upload of this tab, or a pending document being watched, has got to. */
export type UploadState =
  | { phase: "uploading"; fileName: string; loaded: number; total: number }
  | { phase: "extracting"; fileName: string }
  | { phase: "ready"; fileName: string; document: Document }
  | { phase: "failed"; fileName: string; reason: string }
  | { phase: "stalled"; fileName: string };

/**
 * Polling after the file is sent: 1 s at first (a small file is read in about a second), then
 * 1.5× longer each time up to 5 s, for 5 minutes in all. A 50 MB PDF is read well within that;
 * past it the document is left pending and the library says so instead of polling forever.
 */
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 5_000;
const WATCH_FOR_MS = 5 * 60_000;

/** The wait before the next poll, after `polls` answers. */
const pollInterval = (polls: number) => Math.min(MAX_POLL_MS, FIRST_POLL_MS * 1.5 ** polls);

const states = new Map<string, UploadState>();
const watching = new Set<string>();
const listeners = new Set<() => void>();

function set(key: string, state: UploadState): void {
  states.set(key, state);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The upload state of a document (a new one, or a new version of it), re-rendering on change. */
export function useUploadState(docId: string | null): UploadState | undefined {
  return useSyncExternalStore(subscribe, () => (docId ? states.get(docId) : undefined));
}

/** Throws the reason a file is refused before anything is sent. */
function preflight(file: File): void {
  const reason = refusal(file);
  if (reason) throw new Error(reason);
}

/** Sends the file and watches the document until it is read; `done` says when it is. */
async function send(
  ws: string,
  docId: string,
  file: File,
  upload: Parameters<typeof putFile>[0],
  done: (document: Document) => UploadState | null,
): Promise<void> {
  set(docId, { phase: "uploading", fileName: file.name, loaded: 0, total: file.size });
  try {
    await putFile(upload, file, (loaded, total) =>
      set(docId, { phase: "uploading", fileName: file.name, loaded, total }),
    );
  } catch (error) {
    set(docId, { phase: "failed", fileName: file.name, reason: describeError(error) });
    return;
  }
  set(docId, { phase: "extracting", fileName: file.name });
  await poll(ws, docId, file.name, done);
}

/**
 * Watches the document's query (`refetchInterval`, backing off as above) until `done` says what
 * it has become, it fails to load (deleted meanwhile, or signed out: nothing left to wait for) or
 * WATCH_FOR_MS has passed.
 */
function poll(
  ws: string,
  docId: string,
  fileName: string,
  done: (document: Document) => UploadState | null,
): Promise<void> {
  if (watching.has(docId)) return Promise.resolve();
  watching.add(docId);
  const until = Date.now() + WATCH_FOR_MS;
  let polls = 0;
  const observer = new QueryObserver<Document>(queryClient, {
    queryKey: queryKeys.document(ws, docId),
    queryFn: () => getDocument(ws, docId),
    // The first answer waits FIRST_POLL_MS too: the file has only just been sent.
    enabled: false,
    refetchInterval: () => pollInterval(polls),
    refetchIntervalInBackground: true,
  });
  return new Promise((resolve) => {
    const stop = (state: UploadState) => {
      unsubscribe();
      clearTimeout(first);
      watching.delete(docId);
      set(docId, state);
      resolve();
    };
    const unsubscribe = observer.subscribe((result) => {
      if (result.fetchStatus === "fetching") return;
      polls += 1;
      if (result.status === "error") {
        stop({ phase: "failed", fileName, reason: describeError(result.error) });
        return;
      }
      const state = result.data && done(result.data);
      if (state) stop(state);
      else if (Date.now() >= until) stop({ phase: "stalled", fileName });
    });
    // Enabling it fetches at once (the query is stale), then every pollInterval.
    const first = setTimeout(
      () => observer.setOptions({ ...observer.options, enabled: true }),
      FIRST_POLL_MS,
    );
  });
}

/** A new document is done when it is no longer pending. */
function newDocumentDone(fileName: string) {
  return (document: Document): UploadState | null => {
    if (document.status === "ready") return { phase: "ready", fileName, document };
    if (document.status === "failed") {
      return { phase: "failed", fileName, reason: document.failureReason ?? "unknown reason" };
    }
    return null;
  };
}

/**
 * Uploads a file as a new document straight to storage: returns the pending document as soon as
 * the API has made it (so the library can list it), while the file is sent and read.
 */
export async function uploadDocument(ws: string, file: File, meta: UploadMeta): Promise<Document> {
  preflight(file);
  const { document, upload } = await startUpload(ws, file, meta);
  rememberLimit(upload.maxBytes);
  void send(ws, document.id, file, upload, newDocumentDone(file.name));
  return document;
}

/**
 * Uploads a revised file for a document; resolves with the document at its new version, or
 * rejects with the reason the file could not be read.
 */
export async function uploadVersion(ws: string, docId: string, file: File): Promise<Document> {
  preflight(file);
  const { document, upload } = await startVersionUpload(ws, docId, file);
  rememberLimit(upload.maxBytes);
  const target = document.upload?.version ?? document.textVersion + 1;
  await send(ws, docId, file, upload, (current) => {
    if (current.textVersion >= target && current.pendingVersion === null) {
      return { phase: "ready", fileName: file.name, document: current };
    }
    if (current.upload?.version === target && current.upload.status === "failed") {
      return {
        phase: "failed",
        fileName: file.name,
        reason: current.upload.failureReason ?? "unknown reason",
      };
    }
    return null;
  });
  const state = states.get(docId);
  states.delete(docId);
  if (state?.phase === "ready") return state.document;
  if (state?.phase === "failed") throw new Error(state.reason);
  throw new Error("The new version is still being read; reload the document in a few minutes.");
}

/**
 * Watches a pending document listed in the library (uploaded earlier, or from another tab) until
 * it is read. A presigned upload that expired without its file will never be read: not watched.
 */
export function watchPending(ws: string, document: Document): void {
  if (document.status !== "pending" || states.has(document.id)) return;
  const fileName = document.upload?.fileName ?? document.fileName ?? document.title;
  const expired = document.upload && Date.parse(document.upload.expiresAt) < Date.now();
  if (expired) {
    set(document.id, {
      phase: "failed",
      fileName,
      reason:
        "the file never arrived (the upload was interrupted); delete this entry and upload it again",
    });
    return;
  }
  set(document.id, { phase: "extracting", fileName });
  void poll(ws, document.id, fileName, newDocumentDone(fileName));
}
