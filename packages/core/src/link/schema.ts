import { z } from "zod";

export const Relation = z
  .enum(["corroborates", "contradicts", "same-incident", "cites", "related"])
  .describe("How the first passage bears on the second");
export type Relation = z.infer<typeof Relation>;

// Whether a relation reads one way (from → to) or both ways. A Record, so a new relation that is
// not given a direction does not compile.
const ONE_WAY: Record<Relation, boolean> = {
  corroborates: true,
  contradicts: true,
  cites: true,
  "same-incident": false,
  related: false,
};

/** True when the relation reads from the first passage to the second only. */
export function isOneWay(relation: Relation): boolean {
  return ONE_WAY[relation];
}

const LinkEnd = z.object({
  annotationId: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  exact: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

export const Link = z
  .object({
    id: z.string(),
    fromId: z.string(),
    toId: z.string(),
    relation: Relation,
    note: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    from: LinkEnd.describe("The first passage, with its quote"),
    to: LinkEnd.describe("The second passage, with its quote"),
  })
  .meta({ id: "Link" });
export type Link = z.infer<typeof Link>;

export const CreateLinkInput = z
  .strictObject({
    fromId: z.string().min(1).max(64),
    toId: z.string().min(1).max(64),
    relation: Relation,
    note: z.string().max(2000).optional(),
  })
  .meta({ id: "CreateLinkInput" });
export type CreateLinkInput = z.infer<typeof CreateLinkInput>;
