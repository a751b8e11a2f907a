/**
 * `npm start`: Gloss on one machine. Starts the embedded DynamoDB and S3 with data under
 * GLOSS_DATA_DIR (default `.gloss/`), points the production code path at them through the same
 * SST_RESOURCE_* variables Lambda gets, and serves the API and the built reader on PORT (3000).
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { createContext } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import { sweepPendingHistory } from "@gloss/core/history";
import { startShardPool } from "@gloss/core/search";
import { sweepOrphanObjects } from "@gloss/core/sweep";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { Hono } from "hono";
import { ensureAuthKeySecret } from "./auth-key.ts";
import { EMBEDDED_CREDENTIALS, ensureStorage, startEmbeddedServices } from "./embedded.ts";
import { handOverLocalWorkspace } from "./handover.ts";
import { markStopped, repairIndexesAfterCrash } from "./index-repair.ts";
import { deliverObjectCreated } from "./s3-events.ts";
import { seedSample } from "./sample/seed.ts";
import { listen } from "./server.ts";
import { serveReader } from "./web.ts";

const TABLE = "gloss";
const BUCKET = "gloss-documents";

const root = resolve(import.meta.dirname, "../../..");
const dataDir = resolve(process.env.GLOSS_DATA_DIR ?? resolve(root, ".gloss"));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

await mkdir(resolve(dataDir, "dynamodb"), { recursive: true });
await mkdir(resolve(dataDir, "s3"), { recursive: true });
const services = await startEmbeddedServices({
  dynamoPath: resolve(dataDir, "dynamodb"),
  s3Directory: resolve(dataDir, "s3"),
});

// The same variables a deployed Lambda reads; the AWS SDK picks up the endpoints itself.
Object.assign(process.env, {
  // Gloss supports Node 20 locally (the Lambdas run 22): skip the SDK's notice about 2027.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  SST_RESOURCE_Table: JSON.stringify({ name: TABLE, type: "sst.aws.Dynamo" }),
  SST_RESOURCE_Documents: JSON.stringify({ name: BUCKET, type: "sst.aws.Bucket" }),
  AWS_ENDPOINT_URL_DYNAMODB: services.dynamoEndpoint,
  AWS_ENDPOINT_URL_S3: services.s3Endpoint,
  AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
  AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
});

const ctx = createContext({ tableName: TABLE, bucketName: BUCKET });
await ensureStorage(ctx);
const repaired = await repairIndexesAfterCrash(ctx, dataDir);
if (repaired !== null) {
  console.log(`the last run did not stop cleanly: rebuilt the indexes of ${repaired} items`);
}
const workspaceId = await Workspace.ensureDefault(ctx, User.LOCAL_OWNER);
const existing = await Document.list(ctx, workspaceId, { limit: 1 });
if (existing.items.length === 0 && !process.env.GLOSS_NO_SAMPLE) {
  await seedSample(ctx, workspaceId, User.LOCAL_OWNER.id);
}

// Listen first: with PORT=0 the issuer's URL (this server) is only known once bound.
let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
  new Response("starting", { status: 503 });
// `env` carries the Node request, whose socket address is the client address limits key on.
const { server, port: boundPort } = await listen((request, env) => handle(request, env), {
  port,
  hostname: host,
});
const origin = `http://localhost:${boundPort}`;

const authOn = process.env.GLOSS_AUTH === "on";
Object.assign(process.env, { GLOSS_LOCAL_RUNTIME: "1", GLOSS_ISSUER_URL: origin });

// Imported only now: the Lambda entries read Resource when they load, as they do in Lambda.
const { app: api } = await import("@gloss/functions/api");
// Uploads straight to the embedded S3 reach the ingest handler as they reach the Lambda in AWS.
const { handler: ingest } = await import("@gloss/functions/ingest");
const stopIngest = deliverObjectCreated(services.s3, BUCKET, ingest);
const app = new Hono();
app.route("/", api);
if (authOn) {
  // The issuer (sign-in pages) on this same origin, as the Router arranges it when deployed.
  await ensureAuthKeySecret(dataDir);
  const { createIssuer } = await import("@gloss/functions/issuer");
  app.route(
    "/",
    createIssuer({
      ctx,
      sendCode: async (email, code) => {
        console.log(`\n  Sign-in code for ${email}: ${code}\n`);
      },
      onSignIn: (user) => handOverLocalWorkspace(ctx, workspaceId, user),
    }),
  );
}
serveReader(app, resolve(root, "packages/web/dist"), {
  uploadOrigin: new URL(services.s3Endpoint).origin,
});
handle = app.fetch;

// The search's shard workers start now rather than on the first large search, which would
// otherwise wait for them (0.3–1 s here); idle, they hold no reference that keeps the process up.
void startShardPool().catch((error: unknown) =>
  console.warn(`search workers did not start: ${String(error)}`),
);

// What the daily sweep Lambda does when deployed: objects left by interrupted creates go.
void sweepOrphanObjects(ctx).catch((error: unknown) =>
  console.warn(`sweep of unused objects failed: ${String(error)}`),
);

// History entries a stopped writer left pending are settled in the background, as the sweep
// Lambda does deployed; every minute here, since one process serves everything.
const HISTORY_SWEEP_MS = 60_000;
const historySweep = setInterval(() => {
  void sweepPendingHistory(ctx).catch((error: unknown) =>
    console.warn(`sweep of pending history failed: ${String(error)}`),
  );
}, HISTORY_SWEEP_MS);
historySweep.unref();

console.log(`Gloss is running at ${origin}  (data in ${dataDir})`);
console.log(
  authOn
    ? "Sign-in is on (GLOSS_AUTH=on): sign-in codes are printed here."
    : "Sign-in is off: you are the local owner. Set GLOSS_AUTH=on to require sign-in.",
);
console.log(`API reference: ${origin}/api/docs  ·  Ctrl-C to stop`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Gloss…`);
  // Ctrl-C always ends with exit code 0 (a stop asked for, not a failure), also if a storage
  // service is slow to stop; idle keep-alive connections would otherwise hold `close` open.
  setTimeout(() => process.exit(0), 5_000).unref();
  clearInterval(historySweep);
  server.close();
  server.closeIdleConnections();
  await stopIngest();
  await services.stop();
  await markStopped(dataDir);
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
