export {
  deletePrefix,
  getBytes,
  getText,
  objectKeys,
  type PresignedUpload,
  parseOriginalKey,
  presignUpload,
  putObject,
  sizeOf,
} from "./objects.ts";
