export { removeLinksOf } from "./cleanup.ts";
export {
  create,
  listAll,
  listByWorkspace,
  listOfAnnotation,
  remove,
  type StoredLink,
  withEnds,
} from "./link.ts";
export { CreateLinkInput, isOneWay, Link, Relation } from "./schema.ts";
