export {
  applyFilter,
  type CodeSummary,
  computeFindings,
  type Findings,
  type FindingsAnnotation,
  type FindingsFilter,
  type Pair,
} from "./compute.ts";
export { Layer, type PassageLayer } from "./layer.ts";
export {
  Findings as FindingsSchema,
  FindingsBaseQuery,
  FindingsQuery,
  filterOfQuery,
  loadFindings,
} from "./load.ts";
export { type RolledUp, RollUp, rollUp, withAncestors } from "./rollup.ts";
