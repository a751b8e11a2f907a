import * as Agreement from "../agreement/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError } from "../error/index.ts";
import { codingOf, type RoundAgreementOptions } from "./agreement.ts";
import type { Round } from "./schema.ts";

/** One document of a round side by side: a lane per coder, and where they disagree. */
export interface DocumentDisagreements {
  roundId: string;
  documentId: string;
  granularity: Agreement.Granularity;
  overlap: number;
  /** A lane per coder of the round, in the round's order, with their passages in text order. */
  lanes: {
    coder: string;
    passages: { id: string; start: number; end: number; tags: string[] }[];
  }[];
  disagreements: Agreement.Disagreement[];
}

/**
 * The side-by-side view of one round document: each coder's passages with the round's codes, and
 * the units (as the agreement counts them) on which the coders disagree, in text order.
 */
export async function disagreementsOfDocument(
  ctx: Context,
  round: Round,
  documentId: string,
  options: Omit<RoundAgreementOptions, "bootstrapSamples">,
): Promise<DocumentDisagreements> {
  if (!round.documentIds.includes(documentId)) {
    throw new GlossError(
      "not_found",
      "round.document_not_found",
      `document "${documentId}" is not in round "${round.id}"`,
    );
  }
  const [text, passages] = await Promise.all([
    Document.getText(ctx, round.workspaceId, documentId),
    codingOf(ctx, round, documentId),
  ]);
  const disagreements = Agreement.disagreementsOf(
    { text, passages, judgedBy: round.coderIds },
    round.tagIds,
    round.coderIds,
    { granularity: options.granularity, overlap: options.overlap },
  );
  return {
    roundId: round.id,
    documentId,
    granularity: options.granularity,
    overlap: options.overlap,
    lanes: round.coderIds.map((coder) => ({
      coder,
      passages: passages
        .filter((p) => p.coder === coder)
        .map((p) => ({ id: p.id, start: p.start, end: p.end, tags: [...p.tags] })),
    })),
    disagreements,
  };
}
