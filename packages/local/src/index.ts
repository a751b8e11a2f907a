export {
  EMBEDDED_CREDENTIALS,
  type EmbeddedServices,
  ensureStorage,
  startEmbeddedServices,
} from "./embedded.ts";
