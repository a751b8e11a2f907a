export { batchWrite } from "./batch.ts";
export { type Item, num, numbers, oneOf, optNum, optStr, str, strs } from "./items.ts";
export { AUTH_SEPARATOR, authKeyParts, authScan, keys } from "./keys.ts";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageOptions, queryAll } from "./page.ts";
export { createTableInput, type IndexName, tableDefinition } from "./table.ts";
export { updateVersioned, type VersionedChange, type VersionedOptions } from "./versioned.ts";
