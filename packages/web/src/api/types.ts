// The API's shapes, taken from the very zod schemas the server validates with (types only: no
// server code reaches the bundle).
export type { Annotation } from "@gloss/core/annotation";
export type { Tag } from "@gloss/core/codebook";
export type { Document } from "@gloss/core/document";
export type { Workspace } from "@gloss/core/workspace";

/** Every list of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
