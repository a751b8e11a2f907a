import { z } from "zod";
import { PassageFields } from "../annotation/schema.ts";
import { TagId } from "../codebook/schema.ts";

const Id = z.string().min(1).max(64);
const Tags = z
  .array(TagId)
  .min(1)
  .max(20)
  .refine((tags) => new Set(tags).size === tags.length, "each code at most once");

/**
 * How a disagreement is resolved into the round's consensus layer:
 * `adopt` one coder's passage as it is; `merge` several coders' passages on one document into the
 * span from the first start to the last end; `write` a consensus passage at given offsets. The
 * coders' own passages are never changed: the consensus passage only names them (`resolvedFrom`).
 * (Its tail has the shape of codebook/schema.ts's inputs: strict object, OpenAPI id, inferred type.)
 */
export const ResolveInput = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("adopt"),
      annotationId: Id.describe("The coder's passage to adopt"),
      tags: Tags.optional().describe(
        "Codes of the consensus passage; default: the passage's, within the round's codes",
      ),
      note: z.string().max(4000).optional(),
    }),
    z.strictObject({
      kind: z.literal("merge"),
      annotationIds: z.array(Id).min(2).max(20).describe("Passages on one document to join"),
      tags: Tags.optional().describe(
        "Default: every code of the passages, within the round's codes",
      ),
      note: z.string().max(4000).optional(),
    }),
    z.strictObject({
      kind: z.literal("write"),
      documentId: Id,
      start: z.number().int().min(0).describe("UTF-16 offset into the document's current text"),
      end: z.number().int().min(1),
      exact: z.string().min(1).max(20_000).describe("Must equal the text between start and end"),
      tags: Tags,
      resolvedFrom: z.array(Id).max(20).default([]).describe("Coders' passages this replaces"),
      note: z.string().max(4000).optional(),
    }),
  ])
  .meta({ id: "ResolveDisagreementInput" });
export type ResolveInput = z.infer<typeof ResolveInput>;

/**
 * A passage of a round's consensus layer: the coding of record the team agreed on, kept apart
 * from every coder's own passages (which stay as they were, attributed to their coder).
 */
export const ConsensusPassage = z
  .object({
    id: z.string(),
    roundId: z.string(),
    workspaceId: z.string(),
    documentId: z.string(),
    layer: z.literal("consensus"),
    ...PassageFields,
    textVersion: z.number().int(),
    resolution: z.enum(["adopt", "merge", "write"]),
    resolvedFrom: z.array(z.string()).describe("The coders' passages it resolves"),
    createdBy: z.string(),
    createdAt: z.string(),
    version: z.number().int().default(1).describe("1; its history entries are keyed by it"),
  })
  .meta({ id: "ConsensusPassage" });
export type ConsensusPassage = z.infer<typeof ConsensusPassage>;

/**
 * A consensus passage as a reader shows it: `anchored` when its offsets are into the text its
 * document serves, else `orphaned` (its words were lost by a newer version: shown by its quote).
 */
export const ShownConsensus = z
  .object({
    passage: ConsensusPassage,
    status: z.enum(["anchored", "orphaned"]),
  })
  .meta({ id: "ShownConsensus" });
export type ShownConsensus = z.infer<typeof ShownConsensus>;
