import { z } from "zod";

/** What a history entry describes. */
export const HistoryKind = z.enum(["annotation", "link", "code", "document", "consensus"]);
export type HistoryKind = z.infer<typeof HistoryKind>;

/** A stored item without its key attributes: the exact state of an entity at one version. */
export const Snapshot = z.record(z.string(), z.unknown());
export type Snapshot = z.infer<typeof Snapshot>;

/**
 * The one write an entry stands for, kept in the entry itself so that anyone can complete it
 * (roll forward) after a crash between the entry and its write. `expect` is the entity's
 * `version` before the change (null: an item that has none, such as a link made before history).
 */
export type HistoryWrite =
  | { op: "put"; item: Snapshot }
  | {
      op: "update";
      key: { pk: string; sk: string };
      set: Snapshot;
      remove?: string[];
      expect: number | null;
    }
  | { op: "delete"; key: { pk: string; sk: string }; expect: number | null }
  /** Nothing to complete: an entry restored from a backup, about a change made before it. */
  | { op: "none" };

export const HistoryStatus = z
  .enum(["applied", "pending", "not_applied"])
  .describe(
    "applied: the change landed; pending: its write has not landed yet (the next write or read of the entity completes it); not_applied: its write was refused, so nothing changed",
  );
export type HistoryStatus = z.infer<typeof HistoryStatus>;

// Declared like attribute/schema.ts's entities (object, OpenAPI id, inferred type): the form only.
export const HistoryEntry = z
  .object({
    entity: z.string().describe("`<kind>:<id>`, e.g. `annotation:ann_…`, `code:forced-labour`"),
    kind: HistoryKind,
    entityId: z.string(),
    version: z.number().int().describe("The entity's version this change made; unique per entity"),
    action: z
      .string()
      .describe(
        "create, update, delete, restore, reanchor, move, merge, … (a code's move and merge come from the codebook tree)",
      ),
    cause: z
      .string()
      .nullable()
      .describe("Why, when the change follows from another one (e.g. `code.delete:torture`)"),
    at: z.string().describe("ISO 8601 time of the change"),
    by: z.string().describe("User id of who made the change"),
    requestId: z.string().nullable().describe("X-Request-Id of the request that made it"),
    documentId: z.string().nullable(),
    before: Snapshot.nullable().describe("The stored state before (null for a create)"),
    after: Snapshot.nullable().describe("The stored state after (null for a delete)"),
    related: Snapshot.nullable().describe(
      "What went with the change, e.g. the links of a deleted passage",
    ),
    status: HistoryStatus,
  })
  .meta({ id: "HistoryEntry" });
export type HistoryEntry = z.infer<typeof HistoryEntry>;
