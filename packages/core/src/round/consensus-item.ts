import type { Context } from "../context/index.ts";
import type { Item } from "../db/fields.ts";
import { consensusPrefix, keys, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { ConsensusPassage } from "./consensus-schema.ts";

/** The stored item of a consensus passage: its keys and the passage's fields. */
export function toItem(p: ConsensusPassage) {
  return { ...keys.consensus(p.workspaceId, p.roundId, p.id), type: "consensus", ...p };
}

/** The consensus passage an item holds; the schema parses it (items before history: version 1). */
export function fromItem(item: Record<string, unknown>): ConsensusPassage {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return ConsensusPassage.parse(rest);
}

/**
 * The stored items of every round's consensus passages in a workspace (Query `WS#<id>`,
 * `CONSENSUS#`; rounds hold few, next to their coders' passages).
 */
export function workspaceConsensusItems(ctx: Context, workspaceId: string): Promise<Item[]> {
  return queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", consensusPrefix],
  });
}
