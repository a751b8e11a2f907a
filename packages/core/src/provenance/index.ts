export { sha256Hex } from "./hash.ts";
export { fromItem, type ProvenanceItem, type ProvenanceRecord, toItem } from "./item.ts";
export {
  ofDocument,
  ofVersion,
  recordVersion,
  type StoredVersion,
  type VersionOrigin,
} from "./record.ts";
export {
  Capture,
  DocumentProvenance,
  SourceKind,
  VersionProvenance,
} from "./schema.ts";
