import type S3rver from "s3rver";

/** An S3 notification as s3rver emits it (the shape S3 sends to Lambda). */
export interface S3Notification {
  Records: Array<{
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string; size?: number } };
  }>;
}

/**
 * S3 URL-encodes object keys in notifications (form style: spaces as `+`); s3rver sends them as
 * stored. Encoding them here gives the handler exactly what it gets in Lambda.
 */
export function encodeEventKey(key: string): string {
  return key
    .split("/")
    .map((part) => encodeURIComponent(part).replace(/%20/g, "+"))
    .join("/");
}

/**
 * Delivers the embedded S3's ObjectCreated notifications for one bucket to a handler, as the
 * bucket notification does in AWS (asynchronously: the upload's response does not wait). Returns
 * a function that stops delivery and waits for deliveries in flight. Handler errors are reported
 * through `onError`, like a failed asynchronous Lambda invocation.
 */
export function deliverObjectCreated(
  s3: S3rver,
  bucket: string,
  handler: (event: S3Notification) => Promise<unknown>,
  onError: (error: unknown) => void = (error) => console.error("ingest failed:", error),
): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const listener = (event: S3Notification) => {
    const records = event.Records.filter(
      (r) => r.eventName.startsWith("ObjectCreated") && r.s3.bucket.name === bucket,
    ).map((r) => ({
      ...r,
      s3: { ...r.s3, object: { ...r.s3.object, key: encodeEventKey(r.s3.object.key) } },
    }));
    if (records.length === 0) return;
    const delivery = handler({ Records: records })
      .then(() => undefined, onError)
      .finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  };
  s3.on("event", listener);
  return async () => {
    s3.off("event", listener);
    await Promise.all(inFlight);
  };
}
