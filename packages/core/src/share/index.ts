export { fromItem, type ShareItem, toItem } from "./item.ts";
export { CreatedShare, CreateShareInput, Share } from "./schema.ts";
export { create, list, open, revoke, revokeAllOfDocument } from "./share.ts";
