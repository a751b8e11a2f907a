export {
  create,
  listAll,
  listByWorkspace,
  listOfAnnotation,
  remove,
  removeAllOfAnnotation,
  type StoredLink,
  withEnds,
} from "./link.ts";
export { CreateLinkInput, Link, Relation } from "./schema.ts";
