export { defaultCodebook } from "./defaults.ts";
export { finishPendingMerges, type MergeHooks, merge } from "./merge.ts";
export {
  CreateTagInput,
  MAX_DEPTH,
  MergeResult,
  MergeTagInput,
  Tag,
  TagId,
  UpdateTagInput,
} from "./schema.ts";
export { create, get, list, remove, seedDefaults, slugify, update } from "./tag.ts";
export {
  ancestorMap,
  ancestorsOfCodes,
  buildTree,
  PATH_SEPARATOR,
  type Tree,
  type TreeNode,
} from "./tree.ts";
