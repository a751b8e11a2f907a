export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageOptions } from "./page.ts";
export { createTableInput, type IndexName, tableDefinition } from "./table.ts";
