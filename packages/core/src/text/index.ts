export {
  type AnchorQuote,
  AnchorTarget,
  anchorByPosition,
  anchorByQuote,
  anchorFuzzy,
  diffEnds,
  MAX_FUZZY_ERRORS,
  type Match,
  MIN_EXACT_CONTEXT,
  MIN_FUZZY_SCORE,
  MIN_QUOTE_SIMILARITY,
  mapOffset,
  reanchor,
  reanchorWith,
  type TextChange,
  UNIQUE_QUOTE_LENGTH,
} from "./anchor/index.ts";
export {
  CANONICAL_RULE_VERSIONS,
  CANONICAL_RULES,
  type CanonicalRules,
  canonicalize,
  isCanonical,
  paragraphs,
  rulesOfText,
} from "./canonical.ts";
export {
  CONTEXT_LENGTH,
  contextOf,
  resolveSelector,
  type Selector,
  type SelectorInput,
} from "./selector.ts";
