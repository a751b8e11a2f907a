import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Context, createContext } from "@gloss/core/context";
import {
  EMBEDDED_CREDENTIALS,
  type EmbeddedServices,
  ensureStorage,
  startEmbeddedServices,
} from "@gloss/local";
import { spawnGloss } from "../../tests/support/process.ts";

// Must match packages/local/src/main.ts, which opens the same data folders.
export const TABLE = "gloss";
export const BUCKET = "gloss-documents";

/** The embedded DynamoDB and S3 over `dataDir` (`fresh`: emptied first), and a context on them. */
export async function openStorage(
  dataDir: string,
  options: { fresh?: boolean } = {},
): Promise<{ services: EmbeddedServices; ctx: Context }> {
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  await mkdir(join(dataDir, "dynamodb"), { recursive: true });
  await mkdir(join(dataDir, "s3"), { recursive: true });
  const services = await startEmbeddedServices({
    dynamoPath: join(dataDir, "dynamodb"),
    s3Directory: join(dataDir, "s3"),
  });
  const ctx = createContext({
    tableName: TABLE,
    bucketName: BUCKET,
    dynamoEndpoint: services.dynamoEndpoint,
    s3Endpoint: services.s3Endpoint,
    credentials: EMBEDDED_CREDENTIALS,
  });
  await ensureStorage(ctx);
  return { services, ctx };
}

export interface RuntimeProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the local runtime over `dataDir` on a free port as the tests start it
 * (tests/support/process.ts), without the sample document and with its log silenced.
 */
export async function startRuntime(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RuntimeProcess> {
  const runtime = await spawnGloss(dataDir, { GLOSS_NO_SAMPLE: "1", GLOSS_LOG: "silent", ...env });
  return {
    url: runtime.url,
    stop: async () => {
      runtime.signal("SIGTERM");
      // Generous: a runtime flushing a large table at load 10 on 2 cores.
      await runtime.exited(120_000);
    },
  };
}
