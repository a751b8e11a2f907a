import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { str } from "../db/items.ts";
import { keys, roundConsensusPrefix, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { newId } from "../id/index.ts";
import { resolveSelector } from "../text/index.ts";
import type { BlindRule } from "./blind.ts";
import { fromItem, toItem, workspaceConsensusItems } from "./consensus-item.ts";
import type { ConsensusPassage, ResolveInput, ShownConsensus } from "./consensus-schema.ts";
import type { Round } from "./schema.ts";

// The item mapping lives in its own module (document/ reaches it without importing this one).
export { fromItem, toItem } from "./consensus-item.ts";

/** A blind round's coders must not meet each other's work before it closes: nor may consensus. */
function refuseWhileOpenBlind(round: Round): void {
  if (round.blind && round.status === "open") {
    throw new GlossError(
      "conflict",
      "round.blind_open",
      "the round is blind and open: disagreements are resolved after it closes",
    );
  }
}

/** A coder's passage a resolution names: on a round document, by a round coder, anchored. */
async function sourceOf(ctx: Context, round: Round, annotationId: string) {
  const a = await Annotation.get(ctx, round.workspaceId, annotationId);
  if (!round.documentIds.includes(a.documentId) || !round.coderIds.includes(a.createdBy)) {
    throw new GlossError(
      "invalid",
      "consensus.not_in_round",
      `passage "${annotationId}" is not a round coder's passage on a round document`,
    );
  }
  if (a.status !== "anchored") {
    throw new GlossError(
      "invalid",
      "consensus.orphaned",
      `passage "${annotationId}" no longer points into the current text`,
    );
  }
  return a;
}

/** The codes of the consensus: those asked for, else the sources', kept to the round's codes. */
function codesOf(round: Round, asked: string[] | undefined, fromSources: string[]): string[] {
  const codes = (asked ?? [...new Set(fromSources)]).filter((t) => round.tagIds.includes(t));
  if (codes.length === 0) {
    throw new GlossError("invalid", "consensus.no_code", "a consensus passage needs a round code");
  }
  return codes;
}

/**
 * Resolves a disagreement of a round into its consensus layer (adopt, merge or write; see
 * `ResolveInput`). The coders' passages are read, never written: each keeps its coder, codes,
 * note and history. The offsets are checked against the document's current text like any passage.
 */
export async function resolve(
  ctx: Context,
  round: Round,
  userId: string,
  input: ResolveInput,
): Promise<ConsensusPassage> {
  refuseWhileOpenBlind(round);
  let documentId: string;
  let start: number;
  let end: number;
  let exact: string | undefined;
  let tags: string[];
  let resolvedFrom: string[];
  if (input.kind === "adopt") {
    const source = await sourceOf(ctx, round, input.annotationId);
    ({ documentId, start, end, exact } = source);
    tags = codesOf(round, input.tags, source.tags);
    resolvedFrom = [source.id];
  } else if (input.kind === "merge") {
    const ids = [...new Set(input.annotationIds)];
    const sources = await Promise.all(ids.map((id) => sourceOf(ctx, round, id)));
    documentId = sources[0]!.documentId;
    if (sources.some((s) => s.documentId !== documentId)) {
      throw new GlossError(
        "invalid",
        "consensus.documents_differ",
        "merged passages must be on one document",
      );
    }
    start = Math.min(...sources.map((s) => s.start));
    end = Math.max(...sources.map((s) => s.end));
    tags = codesOf(
      round,
      input.tags,
      sources.flatMap((s) => s.tags),
    );
    resolvedFrom = ids;
  } else {
    if (!round.documentIds.includes(input.documentId)) {
      throw new GlossError(
        "invalid",
        "consensus.not_in_round",
        `document "${input.documentId}" is not in the round`,
      );
    }
    for (const id of input.resolvedFrom) await sourceOf(ctx, round, id);
    ({ documentId, start, end, exact } = input);
    tags = codesOf(round, input.tags, []);
    resolvedFrom = [...new Set(input.resolvedFrom)];
  }
  const document = await Document.get(ctx, round.workspaceId, documentId);
  const text = await Document.getText(ctx, round.workspaceId, documentId);
  const selector = resolveSelector(text, { start, end, exact: exact ?? text.slice(start, end) });
  const now = ctx.now();
  const passage: ConsensusPassage = {
    id: newId("cns", now.getTime()),
    roundId: round.id,
    workspaceId: round.workspaceId,
    documentId,
    layer: "consensus",
    ...selector,
    tags,
    note: input.note ?? "",
    textVersion: document.textVersion,
    resolution: input.kind,
    resolvedFrom,
    createdBy: userId,
    createdAt: now.toISOString(),
    version: 1,
  };
  // Recorded like a passage: the history entry first, then the item (core/history).
  const created = await History.createItem(ctx, {
    kind: "consensus",
    item: toItem(passage),
    documentId,
    by: userId,
  });
  if (!created.ok) {
    throw new GlossError("conflict", "consensus.conflict", "the consensus passage was not added");
  }
  return passage;
}

/** A round's consensus layer, in text order per document (Query `WS#<id>`, `CONSENSUS#<rnd>#`). */
export async function listConsensus(ctx: Context, round: Round): Promise<ConsensusPassage[]> {
  const items = await queryAll(ctx, {
    partition: ["pk", workspacePk(round.workspaceId)],
    beginsWith: ["sk", roundConsensusPrefix(round.id)],
  });
  return items
    .map(fromItem)
    .sort(
      (a, b) =>
        round.documentIds.indexOf(a.documentId) - round.documentIds.indexOf(b.documentId) ||
        a.start - b.start ||
        a.end - b.end,
    );
}

/**
 * Withdraws a consensus passage, recorded in the history like a passage's delete (the coders'
 * passages were never touched, so nothing else changes).
 */
export async function removeConsensus(ctx: Context, round: Round, passageId: string) {
  const notFound = () =>
    new GlossError("not_found", "consensus.not_found", "no such consensus passage");
  const { Item: item } = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.consensus(round.workspaceId, round.id, passageId),
      ConsistentRead: true,
    }),
  );
  if (!item) throw notFound();
  const removed = await History.deleteItem(ctx, {
    kind: "consensus",
    item,
    documentId: str(item, "documentId"),
  });
  if (!removed.ok) throw notFound();
}

/**
 * Every round's consensus passages in a workspace, for its consensus layer and backups (Query
 * `WS#<id>`, `CONSENSUS#`; rounds hold few, next to their coders' passages).
 */
export async function listWorkspaceConsensus(
  ctx: Context,
  workspaceId: string,
): Promise<ConsensusPassage[]> {
  return (await workspaceConsensusItems(ctx, workspaceId)).map(fromItem);
}

/**
 * One consensus passage by its id, whatever its round, for the reader's `#ann=cns_…` deep link
 * (the `passage_url` of a consensus passage in exports); not found when the caller's blind rule
 * hides it, so a coder learns nothing of it. One Query of the workspace's consensus items.
 */
export async function shownConsensus(
  ctx: Context,
  workspaceId: string,
  passageId: string,
  rule: BlindRule,
): Promise<ShownConsensus> {
  const item = (await workspaceConsensusItems(ctx, workspaceId)).find((i) => i.id === passageId);
  const passage = item ? fromItem(item) : null;
  if (!passage || !rule.visible(passage)) {
    throw new GlossError("not_found", "consensus.not_found", "no such consensus passage");
  }
  const document = await Document.get(ctx, workspaceId, passage.documentId);
  return {
    passage,
    status: passage.textVersion === document.textVersion ? "anchored" : "orphaned",
  };
}
