import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Context, createContext } from "@gloss/core/context";
import {
  EMBEDDED_CREDENTIALS,
  type EmbeddedServices,
  ensureStorage,
  startEmbeddedServices,
} from "@gloss/local";
import { ROOT } from "./report.ts";

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
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the local runtime (`npm start` without the reader build) over `dataDir` on a free port,
 * as its own process group (tsx runs node as a child), like tests/support/process.ts.
 */
export async function startRuntime(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RuntimeProcess> {
  const child = spawn(
    join(ROOT, "node_modules/.bin/tsx"),
    [join(ROOT, "packages/local/src/main.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        GLOSS_DATA_DIR: dataDir,
        GLOSS_NO_SAMPLE: "1",
        GLOSS_LOG: "silent",
        ...env,
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`runtime not serving after 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gloss is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited (${code}) before serving:\n${output}`));
    });
  });
  // Keep draining its output so a chatty runtime never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  const stop = () =>
    new Promise<void>((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolveStop();
      child.once("exit", () => resolveStop());
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        resolveStop();
      }
    });
  return { child, url, stop };
}
