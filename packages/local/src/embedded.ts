import type { AddressInfo } from "node:net";
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from "@aws-sdk/client-s3";
import type { Context } from "@gloss/core/context";
import { createTableInput } from "@gloss/core/db";
import dynalite from "dynalite";
import S3rver from "s3rver";

/** s3rver accepts any well-formed signature with these keys; dynalite accepts any keys at all. */
export const EMBEDDED_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface EmbeddedServices {
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** The embedded S3, which emits `event` with an S3 notification for each object written. */
  s3: S3rver;
  stop(): Promise<void>;
}

/**
 * Starts an embedded DynamoDB (dynalite) and S3 (s3rver) on free loopback ports. With
 * `dynamoPath` the table lives in LevelDB files there and survives restarts; without, in memory.
 */
export async function startEmbeddedServices(options: {
  dynamoPath?: string | undefined;
  s3Directory: string;
}): Promise<EmbeddedServices> {
  // createTableMs: 0 makes tables ACTIVE at once instead of after dynalite's simulated delay.
  const dynamo = dynalite({
    ...(options.dynamoPath ? { path: options.dynamoPath } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    dynamo.once("error", reject);
    dynamo.listen(0, "127.0.0.1", () => resolve());
  });
  const dynamoPort = (dynamo.address() as AddressInfo).port;

  const s3 = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: options.s3Directory,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
  });
  const { port: s3Port } = await s3.run();

  return {
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    s3,
    async stop() {
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}

/** Creates the table and bucket of a context when they do not exist yet. */
export async function ensureStorage(ctx: Context): Promise<void> {
  try {
    await ctx.db.send(new DescribeTableCommand({ TableName: ctx.table }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await ctx.db.send(new CreateTableCommand(createTableInput(ctx.table)));
    } catch (created) {
      // Another process of the same data folder created it meanwhile.
      if (!(created instanceof ResourceInUseException)) throw created;
    }
  }
  try {
    await ctx.s3.send(new HeadBucketCommand({ Bucket: ctx.bucket }));
  } catch {
    // HeadBucket can fail for reasons other than absence (s3rver just restarted on a data folder
    // a SIGKILL left); a bucket that turns out to exist is what was wanted.
    try {
      await ctx.s3.send(new CreateBucketCommand({ Bucket: ctx.bucket }));
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name !== "BucketAlreadyExists" && name !== "BucketAlreadyOwnedByYou") throw error;
    }
  }
  // As infra/storage.ts allows it on the deployed bucket: the reader PUTs presigned uploads
  // straight to S3, which here is another origin (the embedded S3's port).
  await ctx.s3.send(
    new PutBucketCorsCommand({
      Bucket: ctx.bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: ["*"],
            AllowedMethods: ["PUT"],
            AllowedHeaders: ["content-type"],
            MaxAgeSeconds: 3600,
          },
        ],
      },
    }),
  );
}
