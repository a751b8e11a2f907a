export {
  CONTENT_TYPES,
  checkUploadName,
  detectFormat,
  extensionOf,
  type Format,
} from "./detect.ts";
export { decodeText, decodeWindows1252, repairMojibake } from "./encoding.ts";
export { type Extracted, extract } from "./extract.ts";
export { checkInflation, INFLATION_LIMITS } from "./inflation.ts";
export {
  decodeEventKey,
  handleS3Event,
  type IngestOutcome,
  ingestObject,
  type S3EventLike,
} from "./ingest.ts";
export { extractIsolated, type SandboxOptions } from "./sandbox.ts";
export { addVersion, type NewVersionSource, type VersionResult } from "./version.ts";
