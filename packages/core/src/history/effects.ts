/**
 * The follow-ups of landed writes (counts, the links of a deleted passage), one per kind,
 * registered by the kind's module when loaded. Contract: whoever lands an entry's write (its
 * writer, or a roll-forward) runs its kind's effect once.
 */
import type { Context } from "../context/index.ts";
import type { StoredEntry } from "./item.ts";
import type { HistoryKind } from "./schema.ts";

/** What follows a landed write of a kind (counts, links of a deleted passage), run once by whoever landed it. */
type Effect = (ctx: Context, entry: StoredEntry) => Promise<void>;
const effects = new Map<HistoryKind, Effect>();

/** Registers the follow-up of a kind's writes; the kind's module calls it when loaded. */
export function onApplied(kind: HistoryKind, effect: Effect): void {
  effects.set(kind, effect);
}

/** Runs the follow-up of an entry's kind, if it has one. */
export async function runEffects(ctx: Context, entry: StoredEntry): Promise<void> {
  await effects.get(entry.kind)?.(ctx, entry);
}
