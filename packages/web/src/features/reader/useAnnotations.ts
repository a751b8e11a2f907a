import {
  MutationObserver,
  type MutationOptions,
  type QueryClient,
  QueryObserver,
  useQueryClient,
} from "@tanstack/react-query";
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, describeError } from "../../api/client.ts";
import { queryKeys } from "../../api/queryKeys.ts";
import type { Annotation, AnnotationChange, NewAnnotation } from "../../api/types.ts";
import type { NoticeAction } from "../../components/Notice.tsx";
import { afterPaint } from "./afterPaint.ts";
import { insertSorted, inTextOrder } from "./annotationOrder.ts";
import { createAnnotation, deleteAnnotation, listAnnotations, updateAnnotation } from "./api.ts";
import type { ReaderData } from "./ReaderPage.tsx";

export interface NoticeState {
  kind: "error" | "info";
  text: string;
  action?: NoticeAction;
}

/** What the annotations tell the reader: notices, and what a screen reader hears. */
export interface AnnotationEvents {
  notify: (update: (current: NoticeState | null) => NoticeState | null) => void;
  announce: (text: string) => void;
  /** Called when a passage is saved, with its server id (the reader focuses it). */
  saved: (annotation: Annotation) => void;
  /** The codes of a passage in words, for announcements. */
  tagNames: (ids: string[]) => string;
}

/** How long "Undo" is offered after a delete. */
const UNDO_MS = 10_000;

let pendingSeq = 0;

type List = Annotation[];
type Key = ReturnType<typeof queryKeys.annotations>;

/**
 * The three writes, as mutations on the document's annotations query: a create and an update
 * change the cache at once (optimistic) and put it back when the server refuses; a delete follows
 * the server. They change the one annotation they are about, never restore a whole snapshot, so
 * that writes in flight together cannot undo each other.
 */
function mutations(client: QueryClient, key: Key, ws: string, docId: string) {
  const change = (update: (list: List) => List) =>
    client.setQueryData<List>(key, (list) => list && update(list));
  const put = (annotation: Annotation) =>
    change((list) => list.map((a) => (a.id === annotation.id ? annotation : a)));
  const create: MutationOptions<Annotation, unknown, { input: NewAnnotation; temp: Annotation }> = {
    mutationFn: ({ input }) => createAnnotation(ws, docId, input),
    onMutate: ({ temp }) => change((list) => insertSorted(list, temp)),
    onSuccess: (saved, { temp }) =>
      change((list) => list.map((a) => (a.id === temp.id ? saved : a))),
    onError: (_error, { temp }) => change((list) => list.filter((a) => a.id !== temp.id)),
  };
  const update: MutationOptions<Annotation, unknown, { annotation: Annotation; change: Change }> = {
    mutationFn: ({ annotation, change }) =>
      updateAnnotation(ws, annotation.id, { ...change, version: annotation.version }),
    onMutate: ({ annotation, change }) => put({ ...annotation, ...change }),
    onSuccess: put,
    onError: (error, { annotation }) => {
      // A version conflict shows the colleague's version, which the server sent along.
      const current = error instanceof ApiError ? error.details?.current : undefined;
      put(isConflict(error) && current ? (current as Annotation) : annotation);
    },
  };
  // Not optimistic: a card goes only once the server has deleted its passage (the browser tests
  // hold the reader to that), and "Undo" is offered from then on.
  const remove: MutationOptions<void, unknown, Annotation> = {
    mutationFn: (annotation) => deleteAnnotation(ws, annotation.id),
    onSuccess: (_nothing, annotation) =>
      change((list) => list.filter((a) => a.id !== annotation.id)),
  };
  return { create, update, remove, restored: (a: Annotation) => change((l) => insertSorted(l, a)) };
}

type Change = Omit<AnnotationChange, "version"> & { tags: string[]; note: string };

const isConflict = (error: unknown) =>
  error instanceof ApiError && error.code === "annotation.version_conflict";

/**
 * Runs a mutation without a component observing it: the reader needs its outcome, not a re-render
 * for each state it passes through (a create must not render React before its highlight paints).
 */
const run = <T, V>(client: QueryClient, options: MutationOptions<T, unknown, V>, variables: V) =>
  new MutationObserver(client, options).mutate(variables);

/**
 * The annotations of the document in the reader, from its query (seeded by ReaderPage), with
 * create and save as optimistic mutations, and delete. Anchored ones in text order for the highlights;
 * orphaned ones (pointing into an earlier version) apart, listed but never highlighted.
 *
 * The list follows the cache in a transition: a create is painted by `paint` (the highlight
 * layer) in the keystroke's own task, and React renders the sidebar after that frame.
 */
export function useAnnotations(
  data: ReaderData,
  paint: (anchored: Annotation[]) => void,
  events: AnnotationEvents,
) {
  const { ws, me, text, document: doc } = data;
  const client = useQueryClient();
  const key = useMemo(() => queryKeys.annotations(ws, doc.id), [ws, doc.id]);
  const [observer] = useState(
    () =>
      new QueryObserver<List>(client, {
        queryKey: key,
        queryFn: async () => inTextOrder(await listAnnotations(ws, doc.id)),
        initialData: () => inTextOrder(data.annotations),
        staleTime: Number.POSITIVE_INFINITY,
      }),
  );
  const [all, setAll] = useState(() => observer.getCurrentResult().data ?? []);
  useEffect(
    () =>
      observer.subscribe((result) => {
        if (result.data) startTransition(() => setAll(result.data));
      }),
    [observer],
  );
  const annotations = useMemo(() => all.filter((a) => a.status !== "orphaned"), [all]);
  const orphans = useMemo(() => all.filter((a) => a.status === "orphaned"), [all]);
  const write = useMemo(() => mutations(client, key, ws, doc.id), [client, key, ws, doc.id]);
  const latest = useRef({ annotations, events, paint });
  latest.current = { annotations, events, paint };

  const byId = useCallback((id: string) => annotations.find((a) => a.id === id), [annotations]);

  /** Creates a passage: painted at once, replaced by the server's, taken back if refused. */
  const create = useCallback(
    async (start: number, end: number, tags: string[], note: string): Promise<void> => {
      performance.mark("gloss:create-start");
      const now = new Date().toISOString();
      pendingSeq += 1;
      const temp: Annotation = {
        id: `pending-${pendingSeq}`,
        workspaceId: ws,
        documentId: doc.id,
        start,
        end,
        exact: text.slice(start, end),
        prefix: "",
        suffix: "",
        tags,
        note,
        createdBy: me.user.id,
        createdAt: now,
        updatedAt: now,
        version: 0,
        status: "anchored",
        textVersion: doc.textVersion,
      };
      // Painted by the highlight layer in this very task; the cache (and with it React) follows.
      // The layer's later sync finds the same object and skips it.
      latest.current.paint(insertSorted(latest.current.annotations, temp));
      performance.mark("gloss:create-synced");
      afterPaint(() => performance.mark("gloss:create-visible"));
      const input = { start, end, exact: temp.exact, tags, ...(note ? { note } : {}) };
      const { events } = latest.current;
      try {
        const saved = await run(client, write.create, { input, temp });
        performance.mark("gloss:create-saved");
        // The list with the saved passage and the focus on it in one transition, so the focus
        // never looks for a passage the list does not hold yet.
        startTransition(() => {
          setAll(client.getQueryData<List>(key) ?? []);
          events.saved(saved);
        });
        events.announce(`Passage tagged ${events.tagNames(saved.tags)}.`);
      } catch (error) {
        events.notify(() => ({
          kind: "error",
          text: `The annotation was not saved: ${describeError(error)}`,
        }));
      }
    },
    [client, key, write, ws, doc.id, doc.textVersion, text, me.user.id],
  );

  /** Saves new codes or note; true once saved (or replaced by a colleague's newer version). */
  const save = useCallback(
    async (annotation: Annotation, change: Change): Promise<boolean> => {
      const { events } = latest.current;
      try {
        await run(client, write.update, { annotation, change });
        return true;
      } catch (error) {
        const conflict = isConflict(error) && error instanceof ApiError && error.details?.current;
        events.notify(() => ({
          kind: "error",
          text: conflict
            ? "Someone changed this annotation meanwhile. Their version is shown; edit it again to apply your change."
            : `The change was not saved: ${describeError(error)}`,
        }));
        return Boolean(conflict);
      }
    },
    [client, write],
  );

  /** Deletes a passage, offering "Undo" for UNDO_MS (which creates it again). */
  const remove = useCallback(
    async (annotation: Annotation): Promise<boolean> => {
      const { events } = latest.current;
      try {
        await run(client, write.remove, annotation);
      } catch (error) {
        events.notify(() => ({
          kind: "error",
          text: `The annotation was not deleted: ${describeError(error)}`,
        }));
        return false;
      }
      events.announce("Annotation deleted.");
      // An orphaned passage points into an older text: it cannot be placed again.
      if (annotation.status === "orphaned") return true;
      const restore = () =>
        void create(annotation.start, annotation.end, annotation.tags, annotation.note);
      events.notify(() => ({
        kind: "info",
        text: "Annotation deleted.",
        action: { label: "Undo", run: restore },
      }));
      setTimeout(() => events.notify((n) => (n?.action?.run === restore ? null : n)), UNDO_MS);
      return true;
    },
    [client, write, create],
  );

  return { annotations, orphans, byId, create, save, remove, restored: write.restored };
}
