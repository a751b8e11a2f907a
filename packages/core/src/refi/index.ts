export { ARCHIVE_LIMITS } from "./archive.ts";
export { importCodebook } from "./codebook.ts";
export { importProject, type RunOutcome, sha256Of, startImport } from "./import.ts";
export { dispatch, failJob, jobKey, parseJobKey, runJob } from "./job.ts";
export { getRecord, staleAfterMs } from "./record.ts";
export { RefiImportSummary, RefiUploadImport, RefiUploadInput, SkippedItem } from "./schema.ts";
export { readUpload, startUpload, uploadKey } from "./upload.ts";
