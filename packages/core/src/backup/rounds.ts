import type { Context } from "../context/index.ts";
import { batchWrite } from "../db/batch.ts";
import { toItem as consensusItem } from "../round/consensus.ts";
import { toItem as roundItem } from "../round/round.ts";
import { restoredId } from "./ids.ts";
import { invalid, unique } from "./invalid.ts";
import type { Plan } from "./plan.ts";
import type { Backup, BackupDocument } from "./schema.ts";

/**
 * Rounds and consensus passages checked like annotations (a consensus passage's quote must be its
 * text at its offsets, its codes in the codebook, its round in the backup) and mapped to the
 * restored ids: a round keeps the documents the backup holds; coders stay user ids, as authors do.
 */
export function planRounds(
  backup: Backup,
  workspaceId: string,
  texts: Map<string, BackupDocument>,
  codes: Set<string>,
  documentIds: Map<string, string>,
): Pick<Plan, "rounds" | "consensus"> {
  const rounds = backup.rounds ?? [];
  const passages = backup.consensus ?? [];
  unique("round", rounds);
  unique("consensus passage", passages);
  const roundIds = new Set(rounds.map((r) => r.id));
  for (const p of passages) {
    const version = texts.get(p.documentId)?.versions[p.textVersion - 1];
    if (!roundIds.has(p.roundId) || !version) {
      throw invalid("reference", `consensus passage ${p.id}: no round or document version for it`);
    }
    if (p.start >= p.end || version.text.slice(p.start, p.end) !== p.exact) {
      throw invalid(
        "quote_mismatch",
        `consensus passage ${p.id}: its quote differs from the text at its offsets`,
      );
    }
    if (p.tags.some((t) => !codes.has(t))) {
      throw invalid("unknown_tag", `consensus passage ${p.id}: codes not in the backup's codebook`);
    }
  }
  return {
    rounds: rounds.map((r) => ({
      ...r,
      id: restoredId("rnd", r.id, workspaceId),
      workspaceId,
      documentIds: r.documentIds.flatMap((id) => documentIds.get(id) ?? []),
    })),
    consensus: passages.map((p) => ({
      ...p,
      id: restoredId("cns", p.id, workspaceId),
      roundId: restoredId("rnd", p.roundId, workspaceId),
      workspaceId,
      layer: "consensus" as const,
      documentId: documentIds.get(p.documentId)!,
      resolvedFrom: p.resolvedFrom.map((id) => restoredId("ann", id, workspaceId)),
    })),
  };
}

/** Rounds, then their consensus passages, ids mapped, through the round module's items. */
export async function restoreRounds(
  ctx: Context,
  plan: Pick<Plan, "rounds" | "consensus">,
): Promise<void> {
  await batchWrite(
    ctx,
    plan.rounds.map((round) => ({ PutRequest: { Item: roundItem(round) } })),
  );
  await batchWrite(
    ctx,
    plan.consensus.map((passage) => ({ PutRequest: { Item: consensusItem(passage) } })),
  );
}
