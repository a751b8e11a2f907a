import { z } from "zod";
import type { Annotation } from "../annotation/index.ts";

/**
 * Which coding findings and exports read: `all`, every passage as its coder made it (the
 * default); `consensus`, the workspace's coding of record where rounds resolved it: each coders'
 * passage a consensus passage resolves (`resolvedFrom`) is replaced by that consensus passage,
 * and every passage no consensus resolves stays as it was coded.
 */
export const Layer = z
  .enum(["all", "consensus"])
  .describe(
    "all: every coder's passages; consensus: where a round resolved disagreements, its consensus passages in place of the coders' passages they resolve (the rest as coded)",
  );
export type Layer = z.infer<typeof Layer>;

/**
 * A coding layer as findings and exports apply it: which stored passages it keeps, and the
 * passages of its own it adds, shaped as annotations so every writer treats them alike (their ids
 * are `cns_…`). Built per request by `Round.consensusLayer`, which applies the caller's blind
 * rule; findings and exports only consult it.
 */
export interface PassageLayer {
  layer: Layer;
  /** Whether a stored passage stays in the layer (false: a consensus passage replaces it). */
  keeps(annotationId: string): boolean;
  /** The layer's own passages of a document in text order; of every document when undefined. */
  passagesOf(documentId?: string): Annotation[];
}
