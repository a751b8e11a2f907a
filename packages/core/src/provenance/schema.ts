import { z } from "zod";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");

/** What a server-side fetch of a web page recorded (Berkeley Protocol: source and collection time). */
export const Capture = z
  .object({
    requestedUrl: z.string().describe("The URL asked for"),
    finalUrl: z.string().describe("The URL the page was served from, after redirects"),
    redirects: z.array(z.string()).describe("Every URL redirected through, in order"),
    fetchedAt: z.string().describe("When the response was received (server clock, ISO 8601)"),
    status: z
      .number()
      .int()
      .nullable()
      .describe("The HTTP status of the final response; null when sent from a browser"),
    address: z.string().nullable().describe("The IP address the page was fetched from"),
    date: z.string().nullable().describe("The response's Date header"),
    lastModified: z.string().nullable().describe("The response's Last-Modified header"),
    etag: z.string().nullable().describe("The response's ETag header"),
    contentType: z.string().nullable().describe("The response's Content-Type header"),
    via: z
      .enum(["server", "browser"])
      .describe(
        "server: fetched by Gloss; browser: sent from the researcher's browser (Send to Gloss)",
      ),
  })
  .meta({ id: "Capture" });
export type Capture = z.infer<typeof Capture>;

export const SourceKind = z
  .enum(["upload", "paste", "url", "import", "unknown"])
  .describe("How the version came in");
export type SourceKind = z.infer<typeof SourceKind>;

/** One text version's provenance: its stored objects' hashes, who added it, how and when. */
export const VersionProvenance = z
  .object({
    version: z.number().int(),
    textSha256: Sha256.describe(
      "SHA-256 of the stored canonical text (UTF-8), as offsets index it",
    ),
    textBytes: z.number().int(),
    sourceSha256: Sha256.nullable().describe(
      "SHA-256 of the original file as stored; null for a version pasted as text",
    ),
    sourceBytes: z.number().int().nullable(),
    sourceFileName: z.string().nullable(),
    source: SourceKind,
    addedBy: z
      .string()
      .nullable()
      .describe("The user who added this version; null when not recorded"),
    addedByName: z.string().nullable(),
    addedAt: z.string().nullable(),
    hashedAt: z.string().describe("When the hashes were taken"),
    hashedWhen: z
      .enum(["stored", "later"])
      .describe(
        "stored: hashed on the bytes as they were written; later: hashed once from the stored (immutable) objects of a document older than hashing",
      ),
    capture: Capture.nullable(),
  })
  .meta({ id: "VersionProvenance" });
export type VersionProvenance = z.infer<typeof VersionProvenance>;

export const DocumentProvenance = z
  .object({
    documentId: z.string(),
    currentVersion: z.number().int(),
    versions: z.array(VersionProvenance).describe("Every text version, oldest first"),
  })
  .meta({ id: "DocumentProvenance" });
export type DocumentProvenance = z.infer<typeof DocumentProvenance>;
