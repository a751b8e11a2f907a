export { recode, recodedTags } from "./recode.ts";
export { MAX_RECODE, RecodeInput, RecodeResult } from "./schema.ts";
