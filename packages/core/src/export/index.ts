export { EXTRACT_COLUMNS, type Layout, neutralise } from "./csv.ts";
export {
  annotationsJsonLd,
  codebookQdc,
  extractsCsv,
  findingsCsvExport,
  projectQdpx,
  reportHtml,
} from "./exports.ts";
export { guidFor } from "./guid.ts";
export { anchorSelectors, importJsonLd } from "./import.ts";
export { ImportResult, JsonLdImport, MAX_IMPORT_ITEMS } from "./jsonld.ts";
export { CodePointIndex } from "./offsets.ts";
export { type ExportScope, ExportSource } from "./source.ts";
