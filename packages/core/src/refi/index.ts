export { ARCHIVE_LIMITS } from "./archive.ts";
export { importCodebook } from "./codebook.ts";
export { type Background, importProject, sha256Of } from "./import.ts";
export { getRecord } from "./record.ts";
export { RefiImportSummary, RefiUploadImport, RefiUploadInput, SkippedItem } from "./schema.ts";
export { readUpload, startUpload, uploadKey } from "./upload.ts";
