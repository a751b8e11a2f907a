export { canonicalize, paragraphs } from "./canonical.ts";
export {
  CONTEXT_LENGTH,
  contextOf,
  resolveSelector,
  type Selector,
  type SelectorInput,
} from "./selector.ts";
