export { defaultCodebook } from "./defaults.ts";
export { CreateTagInput, Tag, TagId, UpdateTagInput } from "./schema.ts";
export { create, get, list, remove, seedDefaults, slugify, update } from "./tag.ts";
