export {
  create,
  get,
  isTagUsed,
  listByDocument,
  listByWorkspace,
  remove,
  stripTag,
  update,
} from "./annotation.ts";
export { type ReanchorCounts, reanchorDocument } from "./reanchor.ts";
export {
  Annotation,
  CreateAnnotationInput,
  MAX_NOTE_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_TAGS,
  UpdateAnnotationInput,
} from "./schema.ts";
