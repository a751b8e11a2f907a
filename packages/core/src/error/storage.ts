/**
 * True when an error from the AWS SDK means the storage is unreachable or overloaded rather than
 * that the request was wrong: the caller should retry later (503), not fix its input.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  // Read as unknown and checked: SDK errors, Node's network errors and others all end up here.
  const field = (from: object, name: string): unknown => Reflect.get(from, name);
  const name = field(error, "name");
  const code = field(error, "code");
  const metadata = field(error, "$metadata");
  const status =
    typeof metadata === "object" && metadata !== null
      ? field(metadata, "httpStatusCode")
      : undefined;
  if (typeof status === "number" && status >= 500) return true;
  const unavailableNames = [
    "TimeoutError",
    "RequestTimeout",
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "ServiceUnavailable",
    "InternalServerError",
    "SlowDown",
  ];
  if (typeof name === "string" && unavailableNames.includes(name)) return true;
  const networkCodes = [
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "EPIPE",
    "ENOTFOUND",
    "EAI_AGAIN",
  ];
  return typeof code === "string" && networkCodes.includes(code);
}
