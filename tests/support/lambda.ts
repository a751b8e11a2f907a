import { randomBytes, randomUUID } from "node:crypto";
import { type Context, createContext } from "@gloss/core/context";
import * as Token from "@gloss/core/token";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { EMBEDDED_CREDENTIALS, ensureStorage } from "@gloss/local";
import { inject } from "vitest";

/**
 * Deployed, every request needs a caller: events carry a personal API token of a signed-up user,
 * as a script calling the deployed API would.
 */
const callerHeaders: Record<string, string> = {};

/**
 * Points the Lambda entry at a fresh table and bucket on the embedded services the way Lambda
 * itself is configured: SST resource links plus the SDK's standard environment variables. Call it
 * before importing `packages/functions/src/api.ts`, which reads them when it loads.
 */
export async function configureLambdaEnvironment(): Promise<Context> {
  const suffix = randomBytes(6).toString("hex");
  const tableName = `gloss-lambda-${suffix}`;
  const bucketName = `gloss-lambda-${suffix}`;
  Object.assign(process.env, {
    SST_RESOURCE_Table: JSON.stringify({ name: tableName, type: "sst.aws.Dynamo" }),
    SST_RESOURCE_Documents: JSON.stringify({ name: bucketName, type: "sst.aws.Bucket" }),
    SST_RESOURCE_Auth: JSON.stringify({ url: "https://auth.gloss.invalid", type: "sst.aws.Auth" }),
    SST_RESOURCE_EdgeSecret: JSON.stringify({ value: EDGE_SECRET, type: "sst.sst.Secret" }),
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
    AWS_ENDPOINT_URL_S3: inject("s3Endpoint"),
    AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
    AWS_REGION: "eu-west-1",
  });
  const ctx = createContext({
    tableName,
    bucketName,
    dynamoEndpoint: inject("dynamoEndpoint"),
    s3Endpoint: inject("s3Endpoint"),
    credentials: EMBEDDED_CREDENTIALS,
  });
  await ensureStorage(ctx);
  const user = await User.getOrCreateByEmail(ctx, "lambda@example.org");
  await Workspace.ensureDefault(ctx, user);
  const { token } = await Token.create(ctx, user.id, { name: "lambda tests" });
  callerHeaders.authorization = `Bearer ${token}`;
  return ctx;
}

/** The Router's secret header (infra/edge.ts); events without it are answered 403. */
export const EDGE_SECRET = randomBytes(32).toString("hex");

const DOMAIN = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";

export interface FunctionUrlRequest {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  /** A string is sent as it is; bytes are base64-encoded, as Function URLs do for binary bodies. */
  body?: string | Uint8Array;
}

/** A Lambda Function URL event (payload format 2.0), as AWS delivers it. */
export function functionUrlEvent(request: FunctionUrlRequest) {
  const now = new Date();
  const query = request.query ?? "";
  const headers: Record<string, string> = {
    host: DOMAIN,
    "user-agent": "gloss-tests",
    "x-amzn-trace-id": `Root=1-${randomBytes(4).toString("hex")}-${randomBytes(12).toString("hex")}`,
    "x-forwarded-for": "127.0.0.1",
    "x-forwarded-port": "443",
    "x-gloss-edge": EDGE_SECRET,
    "x-gloss-viewer-address": "127.0.0.1",
    "x-forwarded-proto": "https",
  };
  for (const [name, value] of Object.entries({ ...callerHeaders, ...request.headers })) {
    headers[name.toLowerCase()] = value;
  }
  const params = new URLSearchParams(query);
  const body = request.body;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: request.path,
    rawQueryString: query,
    headers,
    ...(query ? { queryStringParameters: Object.fromEntries(params) } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: DOMAIN.split(".")[0],
      domainName: DOMAIN,
      domainPrefix: DOMAIN.split(".")[0],
      http: {
        method: request.method,
        path: request.path,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "gloss-tests",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined
      ? {}
      : typeof body === "string"
        ? { body, isBase64Encoded: false }
        : { body: Buffer.from(body).toString("base64"), isBase64Encoded: true }),
  };
}

/** The `context` argument Lambda passes to a handler. */
export function lambdaContext() {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "gloss-test-Api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:000000000000:function:gloss-test-Api",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/gloss-test-Api",
    logStreamName: "2025/03/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** A multipart body as bytes, with the Content-Type that names its boundary. */
export async function multipart(
  form: FormData,
): Promise<{ body: Uint8Array; contentType: string }> {
  const response = new Response(form);
  return {
    body: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get("content-type") ?? "",
  };
}
