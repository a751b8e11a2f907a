import * as Agreement from "../agreement/index.ts";
import * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import type { Round } from "./schema.ts";

export interface RoundAgreementOptions {
  granularity: Agreement.Granularity;
  overlap: number;
  bootstrapSamples?: number;
}

export interface RoundAgreement {
  roundId: string;
  granularity: Agreement.Granularity;
  overlap: number;
  coders: string[];
  documents: number;
  /** Per code in the round's order, then all codes pooled (`code: null`). */
  codes: Agreement.CodeAgreement[];
}

/** The round's coders' anchored passages on a document, with only the round's codes. */
export async function codingOf(ctx: Context, round: Round, documentId: string) {
  const coders = new Set(round.coderIds);
  const codes = new Set(round.tagIds);
  const passages: (Agreement.CodedPassage & { id: string })[] = [];
  for (const a of await Annotation.listAllByDocument(ctx, round.workspaceId, documentId)) {
    // Orphaned passages point into an older text version: they cannot be placed on these units.
    if (a.status !== "anchored" || !coders.has(a.createdBy)) continue;
    const tags = a.tags.filter((t) => codes.has(t));
    if (tags.length > 0) {
      passages.push({ id: a.id, coder: a.createdBy, start: a.start, end: a.end, tags });
    }
  }
  return passages;
}

/**
 * Agreement of a round's coders on its documents and codes. Every coder of the round counts as
 * having judged every document of it, so a document a coder left untouched counts as "not coded"
 * everywhere, which is what a blind round asks of them.
 */
export async function agreementOf(
  ctx: Context,
  round: Round,
  options: RoundAgreementOptions,
): Promise<RoundAgreement> {
  const documents: Agreement.DocumentCoding[] = [];
  for (const documentId of round.documentIds) {
    const [text, passages] = await Promise.all([
      Document.getText(ctx, round.workspaceId, documentId),
      codingOf(ctx, round, documentId),
    ]);
    documents.push({ text, passages, judgedBy: round.coderIds });
  }
  const codes = Agreement.agreement(
    { coders: round.coderIds, codes: round.tagIds, documents },
    {
      granularity: options.granularity,
      overlap: options.overlap,
      bootstrapSamples: options.bootstrapSamples ?? 1000,
    },
  );
  return {
    roundId: round.id,
    granularity: options.granularity,
    overlap: options.overlap,
    coders: round.coderIds,
    documents: round.documentIds.length,
    codes,
  };
}
