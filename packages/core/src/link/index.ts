export { removeLinksOf } from "./cleanup.ts";
export { fromItem, type LinkItem, type StoredLink, toItem } from "./item.ts";
export {
  create,
  listAll,
  listByWorkspace,
  listOfAnnotation,
  remove,
  withEnds,
} from "./link.ts";
export { CreateLinkInput, isOneWay, Link, Relation } from "./schema.ts";
