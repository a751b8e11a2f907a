// The API's shapes, taken from the very zod schemas the server validates with (types only: no
// server code reaches the bundle).
export type { Annotation } from "@gloss/core/annotation";
export type { Tag } from "@gloss/core/codebook";
export type { Document, ReanchorCounts } from "@gloss/core/document";
export type { ImportResult } from "@gloss/core/export";
export type { Link, Relation } from "@gloss/core/link";
export type { Share } from "@gloss/core/share";
export type { ApiToken } from "@gloss/core/token";
export type { Invite, Member, Role, Workspace } from "@gloss/core/workspace";

import type { CreateAnnotationInput, UpdateAnnotationInput } from "@gloss/core/annotation";
import type {
  DocumentPages as DocumentPagesSchema,
  UploadCreated as UploadCreatedSchema,
  VersionCreated as VersionCreatedSchema,
} from "@gloss/core/document";
import type { loadFindings } from "@gloss/core/findings";
import type { z } from "zod";

/** POST …/documents/uploads: the pending document and where to PUT the file. */
export type UploadCreated = z.infer<typeof UploadCreatedSchema>;
export type UploadTarget = UploadCreated["upload"];
/** POST …/documents/:docId/versions: the document at its new version and the re-anchoring counts. */
export type VersionCreated = z.infer<typeof VersionCreatedSchema>;
/** GET …/documents/:docId/pages: where each page starts (null without pages). */
export type DocumentPages = z.infer<typeof DocumentPagesSchema>;

/** POST …/annotations: what the reader sends to create one. */
export type NewAnnotation = CreateAnnotationInput;
/** PATCH …/annotations/:id: codes or note, with the version read. */
export type AnnotationChange = UpdateAnnotationInput;

/** GET …/exports/findings.json: the figures of the (filtered) corpus. */
export type Findings = Awaited<ReturnType<typeof loadFindings>>;

/** Every list of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
