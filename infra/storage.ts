import { tableDefinition } from "../packages/core/src/db/table.ts";

/** The single table; keys and indexes come from core so the local runtime creates the same one. */
export const table = new sst.aws.Dynamo("Table", {
  ...tableDefinition,
  deletionProtection: $app.stage === "prod",
});

/** Days a deleted or overwritten object stays recoverable as a noncurrent version. */
export const NONCURRENT_DAYS = 30;

/**
 * The bucket's one lifecycle rule: noncurrent versions expire after NONCURRENT_DAYS, delete
 * markers without versions go, and abandoned multipart uploads are cleaned after a day. (SST's
 * `lifecycle` only knows current-object expiry, so its rule is replaced by a transform.)
 */
export function lifecycleRules() {
  return [
    {
      id: "noncurrent-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_DAYS },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
}

/**
 * Source files and canonical text. Private: reads go through the API. Versioned, so a delete (by
 * a user, the sweep, or a mistake) stays recoverable for NONCURRENT_DAYS. CORS only admits the
 * browser PUT of a presigned upload; origins stay open because the Router's URL is not known
 * until after the API (which links this bucket) exists, and the presigned URL is the credential.
 */
export const bucket = new sst.aws.Bucket("Documents", {
  versioning: true,
  lifecycle: [{ id: "noncurrent-versions" }],
  transform: {
    lifecycle: (args) => {
      args.rules = lifecycleRules();
    },
  },
  cors: {
    allowMethods: ["PUT"],
    allowHeaders: ["content-type"],
    maxAge: "1 hour",
  },
});
