import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** What every core function needs: the storage clients and names, and a clock tests can set. */
export interface Context {
  db: DynamoDBDocumentClient;
  table: string;
  s3: S3Client;
  bucket: string;
  now: () => Date;
  /** Who is acting and in which request; history entries record it (set per request). */
  actor?: { userId: string; requestId: string | null };
}

export interface ContextOptions {
  tableName: string;
  bucketName: string;
  region?: string;
  /** Embedded services only; production uses the SDK's own resolution. */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  now?: () => Date;
  /** Overrides of the SDK timeouts and attempts (tests of storage faults shorten them). */
  timeouts?: { connectMs?: number; requestMs?: number; maxAttempts?: number };
}

/**
 * SDK settings shared by both clients: a request that hangs fails after 5 s instead of holding a
 * Lambda until its own timeout, and throttling or 5xx is retried up to three attempts in all.
 */
function clientDefaults(timeouts: ContextOptions["timeouts"] = {}) {
  return {
    maxAttempts: timeouts.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: timeouts.connectMs ?? 2_000,
      requestTimeout: timeouts.requestMs ?? 5_000,
      // Without this the SDK only logs a warning and keeps waiting for a hung connection.
      throwOnRequestTimeout: true,
    },
  };
}

/** Builds the storage clients. Endpoints also come from AWS_ENDPOINT_URL_DYNAMODB/_S3 if set. */
export function createContext(options: ContextOptions): Context {
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const s3Endpoint = options.s3Endpoint ?? process.env.AWS_ENDPOINT_URL_S3;
  const dynamo = new DynamoDBClient({
    ...clientDefaults(options.timeouts),
    region,
    ...(options.dynamoEndpoint ? { endpoint: options.dynamoEndpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const s3 = new S3Client({
    ...clientDefaults(options.timeouts),
    region,
    ...(s3Endpoint ? { endpoint: s3Endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // An explicit S3 endpoint means an embedded S3 (s3rver), which only understands path-style.
    forcePathStyle: Boolean(s3Endpoint),
    // s3rver stores aws-chunked streamed uploads with their checksum framing, and presigned PUTs
    // would carry the checksum of an empty body: only send checksums where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    db: DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    table: options.tableName,
    s3,
    bucket: options.bucketName,
    now: options.now ?? (() => new Date()),
  };
}
