export { removeValues, usageOf, valuesOfWorkspace } from "./attribute-values.ts";
export { adjustCounts, type CountedPassage, recount } from "./counts.ts";
export {
  beginVersion,
  checkText,
  commitVersion,
  completeUpload,
  create,
  createPending,
  type DocumentChange,
  failUpload,
  get,
  getIngestState,
  getPages,
  getServed,
  getText,
  getWithText,
  type IngestState,
  list,
  type NewDocument,
  pageAt,
  putVersion,
  remove,
  servedOf,
  servedVersions,
  startVersionUpload,
  TEXT_RULES_METADATA,
  textRulesOf,
  update,
} from "./document.ts";
export { DEFAULT_MAX_UPLOAD_BYTES, limits, MAX_TEXT_LENGTH } from "./limits.ts";
export {
  CreateDocumentInput,
  CreateUploadInput,
  Document,
  DocumentPages,
  documentFields,
  NewVersionInput,
  NewVersionUpload,
  ReanchorCounts,
  UpdateDocumentInput,
  UploadCreated,
  UploadDocumentInput,
  UploadTarget,
  VersionCreated,
} from "./schema.ts";
export { updateMetadata } from "./update-metadata.ts";
export { titleFromFileName } from "./upload.ts";
