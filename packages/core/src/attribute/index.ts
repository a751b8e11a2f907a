export {
  addStarterSet,
  create,
  get,
  list,
  MAX_ATTRIBUTES,
  remove,
  update,
} from "./attribute.ts";
export { readCsv } from "./csv-read.ts";
export {
  type AttributeCriterion,
  type AttributeQuery,
  attributeQueryOf,
  FILTER_PREFIX,
  matches,
  parseFilter,
  withAttributeFilter,
} from "./filter.ts";
export { AttributeImportResult, importCsv, MAX_IMPORT_ROWS } from "./import-csv.ts";
export { fromItem, toItem } from "./item.ts";
export { type AttributeMatrix, AttributeTally, NO_VALUE } from "./matrix.ts";
export {
  Attribute,
  AttributeId,
  AttributeType,
  AttributeValue,
  AttributeValues,
  AttributeValuesInput,
  CreateAttributeInput,
  UpdateAttributeInput,
} from "./schema.ts";
export { type AttributeScope, describeCriteria, loadScope } from "./scope.ts";
export { STARTER_ATTRIBUTES } from "./starter.ts";
export { applyValues, checkValue, formatValue, groupsOf, parseText, resolve } from "./values.ts";
