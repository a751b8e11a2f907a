export { documentColumns, FINDINGS_ATTRIBUTE_COLUMNS } from "./attribute-columns.ts";
export { EXTRACT_COLUMNS, type Layout, neutralise } from "./csv.ts";
export {
  annotationsJsonLd,
  codebookQdc,
  extractsCsv,
  findingsAttributesCsvExport,
  findingsCodesCsvExport,
  findingsMatrixCsvExport,
  projectQdpx,
  reportHtml,
} from "./exports.ts";
export { FINDINGS_CODE_COLUMNS, FINDINGS_MATRIX_COLUMNS } from "./findings.ts";
export { guidFor } from "./guid.ts";
export { anchorSelectors, importJsonLd } from "./import.ts";
export { ImportResult, JsonLdImport, MAX_IMPORT_ITEMS } from "./jsonld.ts";
export { CodePointIndex } from "./offsets.ts";
export { type ExportScope, ExportSource } from "./source.ts";
