/**
 * Writing a change with its history, without transactions (the embedded DynamoDB has none):
 *
 * 1. the entry is put first, keyed by (entity, the version the change makes) and conditional on
 *    that key not existing, so no entry is ever overwritten and two writers of the same version
 *    cannot both record it;
 * 2. then the entity's write, which the entry carries in full, conditional on the entity still
 *    being at the version before the change (`expect`), or absent for a put.
 *
 * A crash between 1 and 2 leaves an entry whose write is missing, never a change without an
 * entry. Whoever touches the entity next completes it: a writer of the same version finds the key
 * taken and rolls the entry forward before answering 409; a history read rolls forward the
 * newest entry it finds pending. A write refused by its own condition (the entity moved on
 * through a path that records nothing) gets a `#VOID` marker beside the entry (the entry itself
 * is never touched), so it reads as not applied. The pieces: `entry.ts` (entries in storage),
 * `settle.ts` (apply, landed, settle), `effects.ts` (follow-ups), `hooks.ts` (one-call hooks).
 */
import type { Context } from "../context/index.ts";
import { runEffects } from "./effects.ts";
import { entityOf, getEntry, getTarget, markVoid, putEntry } from "./entry.ts";
import type { StoredEntry } from "./item.ts";
import type { HistoryKind, HistoryWrite, Snapshot } from "./schema.ts";
import { apply, landed, settle } from "./settle.ts";
import { noteActivity } from "./sweep.ts";

export { onApplied } from "./effects.ts";
export { entityOf, getEntry, putEntry, snapshotOf, targetKey } from "./entry.ts";
export type { StoredEntry } from "./item.ts";
export { apply, landed, PUT_LEASE_MS, settle } from "./settle.ts";

export interface Change {
  workspaceId: string;
  kind: HistoryKind;
  entityId: string;
  /** The entity's version after the change: the entry's key. */
  version: number;
  action: string;
  cause?: string | null;
  documentId?: string | null;
  before: Snapshot | null;
  after: Snapshot | null;
  related?: Snapshot | null;
  write: HistoryWrite;
  /** Who, when the context names no actor (background work). */
  by?: string;
}

export type CommitResult =
  | { ok: true; attributes: Record<string, unknown> | null; entry: StoredEntry }
  | { ok: false; reason: "taken" | "refused" };

/**
 * Records a change and then makes it (see the top of this file). `ok: false` with `taken`: the
 * version was already recorded by someone else (rolled forward now); `refused`: the entity was
 * not in the expected state, nothing changed, and the entry reads as not applied.
 */
export async function commit(ctx: Context, change: Change): Promise<CommitResult> {
  const entry: StoredEntry = {
    workspaceId: change.workspaceId,
    entity: entityOf(change.kind, change.entityId),
    kind: change.kind,
    entityId: change.entityId,
    version: change.version,
    action: change.action,
    cause: change.cause ?? null,
    at: ctx.now().toISOString(),
    by: ctx.actor?.userId ?? change.by ?? "system",
    requestId: ctx.actor?.requestId ?? null,
    documentId: change.documentId ?? null,
    before: change.before,
    after: change.after,
    related: change.related ?? null,
    write: change.write,
  };
  // Before the entry: the background sweep finds pending entries through it (sweep.ts).
  await noteActivity(ctx, entry.workspaceId);
  const recorded = await putEntry(ctx, entry);
  if (!recorded) {
    const existing = await getEntry(ctx, entry.workspaceId, entry.entity, entry.version);
    if (existing) await settle(ctx, existing);
    return { ok: false, reason: "taken" };
  }
  const applied = await apply(ctx, entry);
  if (applied.ok) {
    await runEffects(ctx, entry);
    return { ok: true, attributes: applied.attributes, entry };
  }
  // Refused: unless someone rolled this very entry forward meanwhile, it changed nothing.
  const item = await getTarget(ctx, entry.write);
  if (landed(entry, item)) return { ok: true, attributes: item, entry };
  await markVoid(ctx, entry);
  return { ok: false, reason: "refused" };
}
