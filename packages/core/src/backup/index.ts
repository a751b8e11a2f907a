export { restore } from "./restore.ts";
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  Backup,
  EXCLUDED,
  MAX_ORIGINAL_BACKUP_BYTES,
  RestoreResult,
} from "./schema.ts";
export { type PreparedBackup, prepare, write } from "./write.ts";
