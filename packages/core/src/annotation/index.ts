export {
  create,
  get,
  isTagUsed,
  listAllByDocument,
  listByDocument,
  listByWorkspace,
  remove,
  restore,
  stripTag,
  update,
} from "./annotation.ts";
export {
  annotationItem,
  type BulkHooks,
  type BulkOptions,
  type CreateOutcome,
  createMany,
  type UpdateChange,
  type UpdateOutcome,
  updateMany,
} from "./bulk.ts";
export { type AnnotationItem, fromItem, tagsOf, toItem } from "./item.ts";
export {
  anchorsForOf,
  type Placement,
  placementFor,
  type Served,
  shownPlacement,
  storedPlacement,
} from "./placement.ts";
export {
  placeOnVersion,
  type ReanchorCounts,
  settleVersion,
  type VersionChange,
} from "./reanchor.ts";
export {
  Annotation,
  CreateAnnotationInput,
  ImportedCreator,
  MAX_NOTE_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_TAGS,
  UpdateAnnotationInput,
} from "./schema.ts";
