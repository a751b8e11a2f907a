import { tableDefinition } from "../packages/core/src/db/table.ts";

/** The single table; keys and indexes come from core so the local runtime creates the same one. */
export const table = new sst.aws.Dynamo("Table", {
  ...tableDefinition,
  deletionProtection: $app.stage === "prod",
});

/**
 * Source files and canonical text. Private: reads go through the API. CORS only admits the
 * browser PUT of a presigned upload; origins stay open because the Router's URL is not known
 * until after the API (which links this bucket) exists, and the presigned URL is the credential.
 */
export const bucket = new sst.aws.Bucket("Documents", {
  cors: {
    allowMethods: ["PUT"],
    allowHeaders: ["content-type"],
    maxAge: "1 hour",
  },
});
