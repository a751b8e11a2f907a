import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, str } from "../db/fields.ts";
import { documentAnnotationsPk, keys, prefixes } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { AnchorTarget, contextOf, diffEnds, reanchorWith, type TextChange } from "../text/index.ts";
import {
  anchorsForOf,
  type NextAnchor,
  nextAnchorOf,
  type Placement,
  placementFor,
  type ReanchorRecord,
  reanchorOf,
  type Served,
  storedPlacement,
} from "./placement.ts";
import { anchorsOf, commitMove, readItem, reasonOf, samePlacement } from "./reanchor-history.ts";
import { MAX_QUOTE_LENGTH } from "./schema.ts";

export interface ReanchorCounts {
  total: number;
  unchanged: number;
  moved: number;
  orphaned: number;
}

/** What re-anchoring onto a new version needs to know about it. */
export interface VersionChange {
  /** The version served while the change runs. */
  served: Served;
  /** The version being made, `served.version + 1`, and the id of the change making it. */
  target: number;
  change: string;
  newText: string;
  /** The canonical text of an older version. */
  textOf: (version: number) => Promise<string>;
  /** Who added the version: named in the history of the passages it moves. */
  addedBy?: string | null;
}

/**
 * Annotations placed in parallel: enough to hide DynamoDB's per-request latency, few enough to
 * stay far below a table's write capacity and the SDK's socket pool (50).
 */
const CONCURRENCY = 16;

type Outcome = "unchanged" | "moved" | "orphaned";

/** A placement on the target computed from a passage's served one, and why it went there. */
interface Computed {
  next: NextAnchor;
  outcome: Outcome;
  reason: string;
}

/**
 * Step 3 of a version change, before the document flips: computes every annotation's placement
 * on the target version and writes it beside the served one (`nextAnchor`), never over it, so
 * until the flip every reader still sees the served placement, and after it the new one — a
 * crash at any write leaves the two agreeing with what the document serves. Each write also
 * settles the served placement into the item's own fields if a previous change left it beside
 * them. Always recomputed from the served placement, so a repeat or a takeover after the lease
 * gives the same result and never moves an annotation twice.
 */
export async function placeOnVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  change: VersionChange,
): Promise<ReanchorCounts> {
  const place = placer(change);
  return forEachAnnotation(ctx, workspaceId, documentId, (first) =>
    withRetries(ctx, workspaceId, first, async (item) => {
      const served = placementFor(item, change.served);
      const from = served ?? storedPlacement(item);
      const computed = await place(from);
      const fields: Item = { nextAnchor: computed.next };
      if (served && anchorsForOf(item) !== change.served.version) {
        Object.assign(
          fields,
          settledFields(item, served, change.served.version, currentRecord(item)),
        );
      }
      const beside = nextAnchorOf(item);
      // A retried job (a new change id for the same target) finds its move recorded already.
      const recorded = beside?.target === change.target && samePlacement(beside, computed.next);
      if (computed.outcome === "unchanged" || recorded || unmoved(from, computed.next)) {
        // Nothing a reader sees changes (or a retry finds this very move recorded already).
        const { sets, values } = assignments(fields);
        const written = await update(ctx, workspaceId, item, sets, values, "attribute_exists(pk)");
        return written ? computed.outcome : null;
      }
      return commitComputed(ctx, change, { workspaceId, documentId, item, from }, computed, fields);
    }),
  );
}

/** Whether a passage stays an orphan on the same words: nothing a reader sees moves. */
const unmoved = (from: Placement, next: NextAnchor) =>
  from.status === "orphaned" && next.status === "orphaned" && samePlacement(from, next);

/**
 * Records a computed placement as the passage's move from `from` (its history entry, then the
 * fields `set`), by whoever added the version: the placement's outcome, or `retry` when the
 * passage changed meanwhile (commitMove).
 */
async function commitComputed(
  ctx: Context,
  change: VersionChange,
  passage: { workspaceId: string; documentId: string; item: Item; from: Placement },
  computed: Computed,
  set: Item,
): Promise<Outcome | "retry"> {
  const { next, reason, outcome } = computed;
  const moved = await commitMove(ctx, {
    ...passage,
    next,
    reason,
    set,
    by: change.addedBy ?? null,
  });
  return moved === "ok" ? outcome : "retry";
}

/**
 * A recorded move is refused when the passage changed meanwhile (a PATCH made its next version,
 * or another writer's entry took it): it is read again and placed again, a few times at most;
 * after that it keeps no placement for the new version and is shown orphaned (never elsewhere)
 * until the next change places it.
 */
const MAX_ATTEMPTS = 4;

async function withRetries(
  ctx: Context,
  workspaceId: string,
  first: Item,
  attempt: (item: Item) => Promise<Outcome | null | "retry">,
): Promise<Outcome | null> {
  let item: Item | null = first;
  for (let n = 0; item && n < MAX_ATTEMPTS; n++) {
    const outcome = await attempt(item);
    if (outcome !== "retry") return outcome;
    item = await readItem(ctx, workspaceId, str(item.id, "id"));
  }
  return null;
}

/** SET assignments for a map of fields (names that are reserved words go through #names). */
function assignments(fields: Item): {
  sets: string[];
  values: Item;
} {
  const sets: string[] = [];
  const values: Item = {};
  for (const [name, value] of Object.entries(fields)) {
    const path = RESERVED.has(name) ? `#${name}` : name;
    sets.push(`${path} = :${name}`);
    values[`:${name}`] = value;
  }
  return { sets, values };
}

const RESERVED = new Set(["start", "end", "status"]);

/**
 * Step 5, after the document flipped to `change.target`: moves each placement computed beside an
 * annotation into its own fields (and its position in the text-order index), and places the
 * annotations written on the old version while step 3 ran. Not needed for correct reads (they
 * take the placement beside), so a crash here is harmless; the next change settles the rest.
 * Returns the counts of the late annotations it placed.
 */
export async function settleVersion(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  change: VersionChange,
): Promise<ReanchorCounts> {
  const now: Served = { version: change.target, change: change.change };
  const place = placer(change);
  return forEachAnnotation(ctx, workspaceId, documentId, async (item) => {
    if (anchorsForOf(item) === change.target) return null;
    const next = nextAnchorOf(item);
    const placed = placementFor(item, now);
    if (placed && next?.target === change.target) {
      const sets: string[] = [];
      const values: Item = { ":change": change.change };
      settleInto(sets, values, item, placed, change.target, next.reanchor);
      await update(
        ctx,
        workspaceId,
        item,
        sets,
        values,
        "attribute_exists(pk) AND nextAnchor.#change = :change",
        ["nextAnchor"],
      );
      return null;
    }
    return withRetries(ctx, workspaceId, item, (fresh) => placeLate(fresh));
  });

  /** Written on the old version after step 3 had passed it: placed now, straight on the target. */
  async function placeLate(item: Item): Promise<Outcome | null | "retry"> {
    if (anchorsForOf(item) === change.target) return null;
    const from = placementFor(item, change.served) ?? storedPlacement(item);
    const computed = await place(from);
    if (computed.outcome === "unchanged" || unmoved(from, computed.next)) {
      const sets: string[] = [];
      const values: Item = { ":target": change.target };
      settleInto(sets, values, item, computed.next, change.target, computed.next.reanchor);
      const written = await update(
        ctx,
        workspaceId,
        item,
        sets,
        values,
        // Never undo a placement a newer change already computed beside it.
        "attribute_exists(pk) AND (attribute_not_exists(nextAnchor) OR nextAnchor.target <= :target)",
        ["nextAnchor"],
      );
      return written ? computed.outcome : null;
    }
    // A recorded move writes the passage's own fields only: a placement a newer change may have
    // computed beside it stays, and one an older change left there is ignored once
    // `anchorsFor` names the target.
    const set = settledFields(item, computed.next, change.target, computed.next.reanchor);
    return commitComputed(ctx, change, { workspaceId, documentId, item, from }, computed, set);
  }
}

/** Reads the document's annotations (all pages) and runs `each` on them, a few at a time. */
async function forEachAnnotation(
  ctx: Context,
  workspaceId: string,
  documentId: string,
  each: (item: Item) => Promise<Outcome | null>,
): Promise<ReanchorCounts> {
  const items = (
    await queryAll(ctx, {
      index: "gsi1",
      partition: ["gsi1pk", documentAnnotationsPk(documentId)],
      beginsWith: ["gsi1sk", prefixes.annotation],
    })
  ).filter((item) => item.workspaceId === workspaceId);
  const counts: ReanchorCounts = { total: 0, unchanged: 0, moved: 0, orphaned: 0 };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const outcome = await each(items[next++]!);
      if (!outcome) continue;
      counts.total++;
      counts[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return counts;
}

/**
 * Computes placements on the change's target, diffing each older version against it once (also
 * used for a document's consensus passages, `round/consensus-document.ts`).
 */
export function placer(change: VersionChange) {
  const diffs = new Map<number, Promise<TextChange>>();
  const diffFrom = (version: number) => {
    let diff = diffs.get(version);
    if (!diff) {
      diff = change.textOf(version).then((oldText) => diffEnds(oldText, change.newText));
      diffs.set(version, diff);
    }
    return diff;
  };
  // One seed index for all of the change's annotations, gone with the change.
  const anchorTarget = new AnchorTarget(change.newText);
  return async (from: Placement): Promise<Computed> => {
    const { newText, target } = change;
    const match = reanchorWith(await diffFrom(from.textVersion), anchorTarget, from);
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
    const to: Placement = placed
      ? { ...placed, textVersion: target, status: "anchored" }
      : { ...from, status: "orphaned" };
    const reanchor: ReanchorRecord = {
      target,
      from,
      method: match?.method ?? null,
      score: match ? Math.round(match.score * 1000) / 1000 : null,
    };
    const outcome: Outcome = !placed
      ? "orphaned"
      : placed.start === from.start &&
          placed.end === from.end &&
          placed.exact === from.exact &&
          from.status === "anchored"
        ? "unchanged"
        : "moved";
    const next: NextAnchor = { ...to, target, change: change.change, reanchor };
    return { next, outcome, reason: reasonOf(next, match !== null && !placed) };
  };
}

/** The record of the move that produced the item's served placement, when it was beside it. */
function currentRecord(item: Item): ReanchorRecord | null {
  return nextAnchorOf(item)?.reanchor ?? reanchorOf(item) ?? null;
}

/** The fields that make `placement` the item's own, made for `version`. */
function settledFields(
  item: Item,
  placement: Placement,
  version: number,
  record: ReanchorRecord | null,
): Item {
  return {
    ...anchorsOf(placement),
    gsi1sk: keys.annotationIndex({
      id: str(item.id, "id"),
      documentId: str(item.documentId, "documentId"),
      start: placement.start,
      end: placement.end,
    }).gsi1sk,
    anchorsFor: version,
    reanchor: record,
  };
}

/** Adds to an update the writes that make `placement` the item's own, made for `version`. */
function settleInto(
  sets: string[],
  values: Item,
  item: Item,
  placement: Placement,
  version: number,
  record: ReanchorRecord | null,
) {
  const settled = assignments(settledFields(item, placement, version, record));
  sets.push(...settled.sets);
  Object.assign(values, settled.values);
}

/**
 * One conditional UpdateItem; false when its condition did not hold (deleted, overtaken). Not a
 * versioned update: a placement written beside or settled leaves the item's version alone (only
 * a recorded move, through the history, makes a version), so not one for `updateVersioned`.
 */
async function update(
  ctx: Context,
  workspaceId: string,
  item: Item,
  sets: string[],
  values: Item,
  condition: string,
  removes: string[] = [],
): Promise<boolean> {
  const expression = `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`;
  const names: Record<string, string> = {};
  for (const [name, attribute] of [
    ["#start", "start"],
    ["#end", "end"],
    ["#status", "status"],
    ["#change", "change"],
  ] as const) {
    if (expression.includes(name) || condition.includes(name)) names[name] = attribute;
  }
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.annotation(workspaceId, str(item.id, "id")),
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    }),
  );
}
