import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";
import type * as Link from "../link/index.ts";
import { openBlindRoundsOf } from "./round.ts";

/** What visibility is decided on: whose passage, on which document. */
export interface Authored {
  documentId: string;
  createdBy: string;
}

/**
 * What a caller may see while blind rounds are open. `blinded` holds the documents of the open
 * blind rounds they code in; on those they see only their own passages. Empty for everyone else,
 * and then `visible` admits everything.
 */
export interface BlindRule {
  userId: string;
  blinded: ReadonlySet<string>;
  visible: (passage: Authored) => boolean;
}

/**
 * The caller's blind rule: one Query of the workspace's rounds, so build it once per request and
 * apply it to every passage the request reads (lists, exports, findings, links, counts).
 */
export async function blindRuleFor(
  ctx: Context,
  workspaceId: string,
  userId: string,
): Promise<BlindRule> {
  const blinded = new Set<string>();
  for (const round of await openBlindRoundsOf(ctx, workspaceId, userId)) {
    for (const documentId of round.documentIds) blinded.add(documentId);
  }
  const visible =
    blinded.size === 0
      ? () => true
      : (p: Authored) => !blinded.has(p.documentId) || p.createdBy === userId;
  return { userId, blinded, visible };
}

/**
 * Whether `userId` may see a passage while blind rounds are open: a coder of an open blind round
 * sees only their own passages on that round's documents; everything else is unaffected. One
 * Query of the workspace's rounds per call, so call it once per request, not per passage.
 * (Signature kept stable: search reuses it.)
 */
export async function visibleTo(
  ctx: Context,
  workspaceId: string,
  userId: string,
): Promise<(passage: Authored) => boolean> {
  return (await blindRuleFor(ctx, workspaceId, userId)).visible;
}

/** The error a hidden passage is answered with: the same as an absent one, so it cannot be probed. */
export function hiddenAnnotation(): GlossError {
  return new GlossError(
    "not_found",
    "annotation.not_found",
    "no such annotation in this workspace",
  );
}

/**
 * An annotation the caller may act on (read, change, delete, link), or `annotation.not_found`
 * exactly as if it did not exist when a blind round hides it from them.
 */
export async function visibleAnnotation(
  ctx: Context,
  workspaceId: string,
  userId: string,
  annotationId: string,
): Promise<Annotation.Annotation> {
  const annotation = await Annotation.get(ctx, workspaceId, annotationId);
  const rule = await blindRuleFor(ctx, workspaceId, userId);
  if (!rule.visible(annotation)) throw hiddenAnnotation();
  return annotation;
}

/**
 * The links whose two passages the rule shows. Only ends on blinded documents are read (one
 * GetItem each, in parallel); a link with an end that is gone or hidden is left out.
 */
export async function visibleLinks<L extends Link.StoredLink>(
  ctx: Context,
  workspaceId: string,
  rule: BlindRule,
  links: readonly L[],
): Promise<L[]> {
  if (rule.blinded.size === 0) return [...links];
  const toCheck = new Set<string>();
  for (const l of links) {
    if (rule.blinded.has(l.fromDocumentId)) toCheck.add(l.fromId);
    if (rule.blinded.has(l.toDocumentId)) toCheck.add(l.toId);
  }
  const shown = new Set<string>();
  await Promise.all(
    [...toCheck].map(async (id) => {
      const a = await Annotation.get(ctx, workspaceId, id).catch(() => null);
      if (a && rule.visible(a)) shown.add(id);
    }),
  );
  const endShown = (id: string, documentId: string) =>
    !rule.blinded.has(documentId) || shown.has(id);
  return links.filter(
    (l) => endShown(l.fromId, l.fromDocumentId) && endShown(l.toId, l.toDocumentId),
  );
}

/** Annotation counts of a document as the rule shows them. */
export interface VisibleCounts {
  annotationCount: number;
  tagCounts: Record<string, number>;
}

/**
 * A blinded document's counts recomputed from the passages the rule shows (its stored counters
 * include everyone's, and per-code counts would reveal the other coders' work); null when the
 * document is not blinded for the caller and its stored counters stand.
 */
export async function visibleCounts(
  ctx: Context,
  workspaceId: string,
  rule: BlindRule,
  documentId: string,
): Promise<VisibleCounts | null> {
  if (!rule.blinded.has(documentId)) return null;
  const counts: VisibleCounts = { annotationCount: 0, tagCounts: {} };
  for (const a of await visiblePassagesOf(ctx, workspaceId, rule, documentId)) {
    counts.annotationCount += 1;
    for (const t of a.tags) counts.tagCounts[t] = (counts.tagCounts[t] ?? 0) + 1;
  }
  return counts;
}

/** A document's passages the rule shows, in text order (all of them when it is not blinded). */
export async function visiblePassagesOf(
  ctx: Context,
  workspaceId: string,
  rule: BlindRule,
  documentId: string,
): Promise<Annotation.Annotation[]> {
  const all = await Annotation.listAllByDocument(ctx, workspaceId, documentId);
  return all.filter((a) => rule.visible(a));
}

/**
 * Refuses a complete copy of the workspace (backup) to a coder of an open blind round: a backup
 * cut down to their passages would not restore the workspace, and a whole one would unblind them.
 */
export function refuseWhileBlind(rule: BlindRule, what: string): void {
  if (rule.blinded.size > 0) {
    throw new GlossError(
      "forbidden",
      "round.blind_open",
      `${what} is not available to a coder of an open blind round until it closes`,
    );
  }
}

/** A document (or any record with its counters) with the counts the rule shows. */
export async function withVisibleCounts<
  D extends { id: string; annotationCount: number; tagCounts: Record<string, number> },
>(ctx: Context, workspaceId: string, rule: BlindRule, document: D): Promise<D> {
  const counts = await visibleCounts(ctx, workspaceId, rule, document.id);
  return counts ? { ...document, ...counts } : document;
}
