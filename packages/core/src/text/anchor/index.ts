/**
 * Re-anchoring, split as Hypothesis splits its anchoring: types, the alignment of two versions
 * (and step 1, position), the exact quote (step 2), seeds and the fuzzy search (step 3), and the
 * pipeline that tries them in order and falls back to a passage's parts (step 4).
 */
export { anchorByPosition, diffEnds, mapOffset } from "./alignment.ts";
export { anchorByQuote, MIN_EXACT_CONTEXT, UNIQUE_QUOTE_LENGTH } from "./exact.ts";
export { anchorFuzzy, MAX_FUZZY_ERRORS, MIN_FUZZY_SCORE, MIN_QUOTE_SIMILARITY } from "./fuzzy.ts";
export { anchorByParts, reanchor, reanchorWith } from "./pipeline.ts";
export { AnchorTarget } from "./seeds.ts";
export type { AnchorQuote, Block, Match, TextChange } from "./types.ts";
