export { removeValues, usageOf, valuesOfWorkspace } from "./attribute-values.ts";
export { adjustCounts, type CountedPassage, recount } from "./counts.ts";
export {
  checkText,
  create,
  type DocumentChange,
  get,
  getServed,
  list,
  type NewDocument,
  remove,
  servedVersions,
  update,
} from "./document.ts";
export { fromItem, type NewDocumentItem, servedOf, toItem, type UploadRecord } from "./item.ts";
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
export {
  listForSearch,
  type SearchListing,
  type SearchPack,
  setSearchPack,
} from "./search-pack.ts";
export { getPages, getText, getWithText, pageAt } from "./text.ts";
export { updateMetadata } from "./update-metadata.ts";
export {
  completeUpload,
  createPending,
  failUpload,
  getIngestState,
  type IngestState,
  startVersionUpload,
  titleFromFileName,
} from "./upload.ts";
export {
  beginVersion,
  commitVersion,
  putVersion,
  TEXT_RULES_METADATA,
  textRulesOf,
} from "./version.ts";
