import { type Item, num, optNum, optOneOf, optRecord, optStr, record, str } from "../db/fields.ts";
import type { AnchorQuote } from "../text/index.ts";

/**
 * An annotation's place in one text version: offsets, quote and context into `textVersion`,
 * `anchored` when that is the version it is shown on, `orphaned` when it keeps its last good
 * placement because a newer version lost the passage.
 */
export interface Placement extends AnchorQuote {
  textVersion: number;
  status: "anchored" | "orphaned";
}

/** How a placement was reached from the one before (kept for backups and audits). */
export interface ReanchorRecord {
  target: number;
  from: Placement;
  method: string | null;
  score: number | null;
}

/**
 * The placement a version change computed for its target, written beside the annotation's
 * served placement (never over it) so a crash before the document flips leaves the served one
 * untouched. `change` names the change that computed it: only the change that made `target`
 * current counts, so a stalled run overtaken after its lease can never be served.
 */
export interface NextAnchor extends Placement {
  target: number;
  change: string;
  reanchor: ReanchorRecord;
}

/** The version a document serves and the change that made it current (null: none recorded). */
export interface Served {
  version: number;
  change: string | null;
}

const STATUSES = ["anchored", "orphaned"] as const;

/** The top-level placement of an item, as stored (also the shape of a placement kept in a map). */
export function storedPlacement(item: Item): Placement {
  return {
    start: num(item.start, "start"),
    end: num(item.end, "end"),
    exact: str(item.exact, "exact"),
    prefix: optStr(item.prefix, "prefix") ?? "",
    suffix: optStr(item.suffix, "suffix") ?? "",
    textVersion: optNum(item.textVersion, "textVersion") ?? 1,
    status: optOneOf(item.status, "status", STATUSES) ?? "anchored",
  };
}

/** A move's record as stored in a map (the item's `reanchor`, a placement's `reanchor`). */
function reanchorRecordOf(value: Item): ReanchorRecord {
  return {
    target: num(value.target, "target"),
    from: storedPlacement(record(value.from, "from")),
    method: optStr(value.method, "method") ?? null,
    score: optNum(value.score, "score") ?? null,
  };
}

/** The record of the move that made the item's own placement, if it has one. */
export function reanchorOf(item: Item): ReanchorRecord | undefined {
  const value = optRecord(item.reanchor, "reanchor");
  return value ? reanchorRecordOf(value) : undefined;
}

/** The placement a version change computed beside the item's own (`nextAnchor`), if any. */
export function nextAnchorOf(item: Item): NextAnchor | undefined {
  const value = optRecord(item.nextAnchor, "nextAnchor");
  if (!value) return undefined;
  return {
    ...storedPlacement(value),
    target: num(value.target, "target"),
    change: str(value.change, "change"),
    reanchor: reanchorRecordOf(record(value.reanchor, "reanchor")),
  };
}

/**
 * The document version the top-level placement was made for. `anchorsFor` is written by every
 * create and move; items older than it derive it from their last move, else their own version.
 */
export function anchorsForOf(item: Item): number {
  return (
    optNum(item.anchorsFor, "anchorsFor") ??
    reanchorOf(item)?.target ??
    optNum(item.textVersion, "textVersion") ??
    1
  );
}

/**
 * Where an annotation stands on the version a document serves, or null when it has no placement
 * made for that version (it was written on an older one while a change ran, or the change that
 * would move it stopped): such an annotation must not be shown on the served text.
 * In order: the top-level placement when made for the served version; the placement the change
 * that made the version current computed beside it; for items moved in place by older code
 * before their document flipped, the placement they were moved from.
 */
export function placementFor(item: Item, served: Served): Placement | null {
  const forVersion = anchorsForOf(item);
  if (forVersion === served.version) return storedPlacement(item);
  const next = nextAnchorOf(item);
  if (next && next.target === served.version && next.change === served.change) {
    return {
      start: next.start,
      end: next.end,
      exact: next.exact,
      prefix: next.prefix,
      suffix: next.suffix,
      textVersion: next.textVersion,
      status: next.status,
    };
  }
  const moved = reanchorOf(item);
  if (moved && forVersion === served.version + 1 && moved.target === forVersion) {
    return moved.from;
  }
  return null;
}

/**
 * What a reader is given for an annotation: its placement on the served version, with the
 * contract that an `anchored` placement is on the served version and nowhere else. Anything that
 * cannot prove that is shown as an orphan keeping its stored quote, never painted on the text.
 */
export function shownPlacement(item: Item, served: Served): Placement {
  const placement = placementFor(item, served) ?? {
    ...storedPlacement(item),
    status: "orphaned" as const,
  };
  if (placement.status === "anchored" && placement.textVersion !== served.version) {
    return { ...placement, status: "orphaned" };
  }
  return placement;
}
