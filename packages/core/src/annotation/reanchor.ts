import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { documentAnnotationsPk, keys, prefixes } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import {
  type AnchorQuote,
  contextOf,
  diffEnds,
  reanchorWith,
  type TextChange,
} from "../text/index.ts";
import { MAX_QUOTE_LENGTH } from "./schema.ts";

/** An annotation's place in one text version, as re-anchoring reads and records it. */
interface Placement extends AnchorQuote {
  textVersion: number;
  status: "anchored" | "orphaned";
}

export interface ReanchorCounts {
  total: number;
  unchanged: number;
  moved: number;
  orphaned: number;
}

/**
 * Annotations placed in parallel: enough to hide DynamoDB's per-request latency, few enough to
 * stay far below a table's write capacity and the SDK's socket pool (50).
 */
const CONCURRENCY = 16;

/**
 * Moves every annotation of a document onto text version `target`. Idempotent and resumable:
 * each annotation records the placement it was moved from (`reanchor.from`, with the target), so
 * a repeated run recomputes from that same origin instead of re-anchoring twice, and an
 * interrupted run is finished by running again. Annotations already made on `target` are left
 * alone. Orphaned annotations from earlier versions get another chance against the new text.
 * `textOf` gives the canonical text of an older version. With `onlyNotYetMoved`, annotations
 * already moved to `target` are skipped (a sweep for ones written during the move).
 */
export async function reanchorDocument(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  target: number,
  newText: string,
  textOf: (version: number) => Promise<string>,
  options: { onlyNotYetMoved?: boolean } = {},
): Promise<ReanchorCounts> {
  const items = (
    await queryAll(ctx, {
      index: "gsi1",
      partition: ["gsi1pk", documentAnnotationsPk(documentId)],
      beginsWith: ["gsi1sk", prefixes.annotation],
    })
  ).filter(
    (item) =>
      item.workspaceId === workspaceId &&
      !(
        options.onlyNotYetMoved &&
        (item.reanchor as { target?: number } | undefined)?.target === target
      ),
  );
  const changes = new Map<number, Promise<TextChange>>();
  const changeFrom = (version: number) => {
    let change = changes.get(version);
    if (!change) {
      change = textOf(version).then((oldText) => diffEnds(oldText, newText));
      changes.set(version, change);
    }
    return change;
  };
  const counts: ReanchorCounts = { total: 0, unchanged: 0, moved: 0, orphaned: 0 };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const outcome = await reanchorOne(ctx, workspaceId, item, target, newText, changeFrom);
      if (!outcome) continue;
      counts.total++;
      counts[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return counts;
}

async function reanchorOne(
  ctx: Context,
  workspaceId: string,
  item: Record<string, unknown>,
  target: number,
  newText: string,
  changeFrom: (version: number) => Promise<TextChange>,
): Promise<"unchanged" | "moved" | "orphaned" | null> {
  const record = item.reanchor as { target: number; from: Placement } | undefined;
  let from: Placement;
  if (record?.target === target) {
    from = record.from;
  } else if (((item.textVersion as number | undefined) ?? 1) >= target) {
    return null;
  } else {
    from = {
      textVersion: (item.textVersion as number | undefined) ?? 1,
      status: (item.status as Placement["status"] | undefined) ?? "anchored",
      start: item.start as number,
      end: item.end as number,
      exact: item.exact as string,
      prefix: item.prefix as string,
      suffix: item.suffix as string,
    };
  }
  const match = reanchorWith(await changeFrom(from.textVersion), newText, from);
  const placed =
    match && match.end - match.start <= MAX_QUOTE_LENGTH
      ? {
          start: match.start,
          end: match.end,
          exact: newText.slice(match.start, match.end),
          ...contextOf(newText, match.start, match.end),
        }
      : null;
  // An orphan keeps its last good placement (offsets into the version it was anchored in).
  const to = placed
    ? { ...placed, textVersion: target, status: "anchored" as const }
    : { ...from, status: "orphaned" as const };
  const id = item.id as string;
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.annotation(workspaceId, id),
        UpdateExpression:
          "SET #start = :start, #end = :end, exact = :exact, prefix = :prefix, suffix = :suffix, textVersion = :textVersion, #status = :status, gsi1sk = :gsi1sk, reanchor = :reanchor",
        // Never recreate an annotation deleted meanwhile.
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#start": "start", "#end": "end", "#status": "status" },
        ExpressionAttributeValues: {
          ":start": to.start,
          ":end": to.end,
          ":exact": to.exact,
          ":prefix": to.prefix,
          ":suffix": to.suffix,
          ":textVersion": to.textVersion,
          ":status": to.status,
          ":gsi1sk": keys.annotationIndex({
            id,
            documentId: item.documentId as string,
            start: to.start,
            end: to.end,
          }).gsi1sk,
          ":reanchor": {
            target,
            from,
            method: match?.method ?? null,
            score: match ? Math.round(match.score * 1000) / 1000 : null,
          },
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
  if (!placed) return "orphaned";
  return placed.start === from.start &&
    placed.end === from.end &&
    placed.exact === from.exact &&
    from.status === "anchored"
    ? "unchanged"
    : "moved";
}
