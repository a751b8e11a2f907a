export {
  adjustCounts,
  create,
  get,
  getText,
  list,
  type NewDocument,
  remove,
  update,
} from "./document.ts";
export { MAX_TEXT_LENGTH, TEXT_FORMATS } from "./limits.ts";
export {
  CreateDocumentInput,
  Document,
  documentFields,
  UpdateDocumentInput,
  UploadDocumentInput,
} from "./schema.ts";
export { decodeUpload, titleFromFileName } from "./upload.ts";
