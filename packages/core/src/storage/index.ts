export {
  deletePrefix,
  getBytes,
  getText,
  metadataOf,
  objectKeys,
  type PresignedUpload,
  parseOriginalKey,
  presignUpload,
  putObject,
  sizeOf,
} from "./objects.ts";
