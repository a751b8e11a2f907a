import * as Annotation from "@gloss/core/annotation";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import { newId } from "@gloss/core/id";
import { contextOf } from "@gloss/core/text";
import * as User from "@gloss/core/user";
// Private to core (a folder's index re-exports only public names): the benchmarks write items
// exactly as `Annotation.create` does, in bulk, which no public function offers.
import { batchWrite } from "../../packages/core/src/db/batch.ts";

export interface Passage {
  start: number;
  end: number;
  tags: string[];
  note: string;
}

/** Runs `work` over `items` with `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * The DynamoDB items `Annotation.create` would write for these passages of `text` (its item,
 * `Annotation.toItem`), by the local owner, and the document's counts to add.
 */
export function annotationItems(
  workspaceId: string,
  documentId: string,
  text: string,
  passages: Passage[],
): { items: Record<string, unknown>[]; counts: { total: number; tags: Record<string, number> } } {
  const counts = { total: 0, tags: {} as Record<string, number> };
  const base = Date.now();
  const items = passages.map((p, i) => {
    const now = new Date(base + i);
    // Built as refi/passages.ts builds an imported one, but not shared: that one is core's and
    // private, and goes on to the recorded bulk write, which seeding deliberately skips.
    const annotation: Annotation.Annotation = {
      id: newId("ann", now.getTime()),
      workspaceId,
      documentId,
      start: p.start,
      end: p.end,
      exact: text.slice(p.start, p.end),
      ...contextOf(text, p.start, p.end),
      tags: p.tags,
      note: p.note,
      status: "anchored",
      textVersion: 1,
      createdBy: User.LOCAL_OWNER.id,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    counts.total++;
    for (const tag of p.tags) counts.tags[tag] = (counts.tags[tag] ?? 0) + 1;
    return Annotation.toItem(annotation);
  });
  return { items, counts };
}

/** Writes items 25 to a BatchWriteItem (core's `batchWrite`), 500 per call, 4 calls in flight. */
export async function writeItems(
  ctx: Context,
  items: Record<string, unknown>[],
  progress?: (written: number) => void,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 500) batches.push(items.slice(i, i + 500));
  let written = 0;
  await pool(batches, 4, async (batch) => {
    await batchWrite(
      ctx,
      batch.map((Item) => ({ PutRequest: { Item } })),
    );
    written += batch.length;
    progress?.(written);
  });
}

/** Annotates a document with `passages` in bulk, and sets its counts as creating them would. */
export async function annotateInBulk(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  text: string,
  passages: Passage[],
): Promise<void> {
  const { items, counts } = annotationItems(workspaceId, documentId, text, passages);
  await writeItems(ctx, items);
  await Document.adjustCounts(ctx, workspaceId, documentId, counts);
}
