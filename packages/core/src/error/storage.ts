/**
 * True when an error from the AWS SDK means the storage is unreachable or overloaded rather than
 * that the request was wrong: the caller should retry later (503), not fix its input.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
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
  if (e.name && unavailableNames.includes(e.name)) return true;
  const networkCodes = [
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "EPIPE",
    "ENOTFOUND",
    "EAI_AGAIN",
  ];
  return Boolean(e.code && networkCodes.includes(e.code));
}
