export { refusedAddress } from "./address.ts";
export { captureSent, captureUrl } from "./capture.ts";
export {
  DEFAULT_POLICY,
  type Fetched,
  type FetchPolicy,
  fetchPage,
  parseCaptureUrl,
} from "./fetch.ts";
export { type ResolvedAddress, type Resolver, systemResolver } from "./resolver.ts";
export { CaptureUrlInput, SendPageInput } from "./schema.ts";
