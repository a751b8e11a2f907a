export {
  EMBEDDED_CREDENTIALS,
  type EmbeddedServices,
  ensureStorage,
  startEmbeddedServices,
} from "./embedded.ts";
export { deliverObjectCreated, encodeEventKey, type S3Notification } from "./s3-events.ts";
export { closingRefusals, listen } from "./server.ts";
export { serveReader } from "./web.ts";
