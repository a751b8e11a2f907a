import { z } from "zod";
import { TagId } from "../codebook/schema.ts";

/** A round reads every document's text and annotations when agreement is asked for: bounded. */
export const MAX_ROUND_DOCUMENTS = 200;
export const MAX_ROUND_CODERS = 20;
export const MAX_ROUND_TAGS = 50;

const Id = z.string().min(1).max(64);
const distinct = <T extends z.ZodType>(item: T, min: number, max: number, what: string) =>
  z
    .array(item)
    .min(min)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, `each ${what} at most once`);

export const CreateRoundInput = z
  .strictObject({
    documentIds: distinct(Id, 1, MAX_ROUND_DOCUMENTS, "document").describe("Documents to code"),
    coderIds: distinct(Id, 2, MAX_ROUND_CODERS, "coder").describe(
      "User ids of the coders; each must be an editor or owner of the workspace",
    ),
    tagIds: distinct(TagId, 1, MAX_ROUND_TAGS, "code").describe(
      "Codes whose agreement is measured",
    ),
    blind: z
      .boolean()
      .default(false)
      .describe("While open, each coder sees only their own passages on the round's documents"),
  })
  .meta({ id: "CreateRoundInput" });
export type CreateRoundInput = z.infer<typeof CreateRoundInput>;

export const Round = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    documentIds: z.array(z.string()),
    coderIds: z.array(z.string()),
    tagIds: z.array(z.string()),
    blind: z.boolean(),
    status: z.enum(["open", "closed"]),
    createdBy: z.string(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "Round" });
export type Round = z.infer<typeof Round>;

export const Granularity = z.enum(["character", "sentence", "paragraph"]);

const Value = z.number().nullable();
const PairAgreement = z.object({
  coders: z.tuple([z.string(), z.string()]),
  units: z.number().describe("Units both coders judged"),
  percent: Value,
  cohenKappa: Value,
  krippendorffAlpha: Value,
  unitizedAlpha: Value.describe("Krippendorff's unitized αu of the pair on character positions"),
  disagreements: z.number().describe("Units one of the two coded and the other did not"),
});
const CodeAgreement = z.object({
  code: z.string().nullable().describe("A code id; null for all codes pooled"),
  units: z
    .number()
    .describe("Units at least two coders judged (characters, sentences, paragraphs)"),
  percent: Value,
  fleissKappa: Value,
  krippendorffAlpha: Value,
  unitizedAlpha: Value.describe(
    "Krippendorff's unitized αu on character positions (1995/2004), whatever the unit",
  ),
  alphaInterval: z
    .object({ low: z.number(), high: z.number(), level: z.number(), samples: z.number() })
    .nullable()
    .describe("95 % percentile bootstrap interval of α over units; null for characters"),
  pairs: z.array(PairAgreement),
});

export const RoundAgreementReport = z
  .object({
    roundId: z.string(),
    granularity: Granularity,
    overlap: z.number(),
    coders: z.array(z.string()),
    documents: z.number(),
    codes: z.array(CodeAgreement).describe("Per code in the round's order, then all codes pooled"),
  })
  .meta({ id: "RoundAgreement" });

export const DocumentDisagreementsReport = z
  .object({
    roundId: z.string(),
    documentId: z.string(),
    granularity: Granularity,
    overlap: z.number(),
    lanes: z
      .array(
        z.object({
          coder: z.string(),
          passages: z.array(
            z.object({
              id: z.string(),
              start: z.number().int(),
              end: z.number().int(),
              tags: z.array(z.string()),
            }),
          ),
        }),
      )
      .describe("A lane per coder, in the round's order"),
    disagreements: z
      .array(
        z.object({
          code: z.string(),
          start: z.number().int().describe("UTF-16 offset of the unit"),
          end: z.number().int(),
          coded: z.array(z.string()).describe("Coders who coded the unit with the code"),
          notCoded: z.array(z.string()).describe("Coders who judged it and did not"),
        }),
      )
      .describe("Units the coders disagree on, in text order"),
  })
  .meta({ id: "RoundDisagreements" });
