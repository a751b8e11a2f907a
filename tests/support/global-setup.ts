import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedServices } from "@gloss/local";
import type { TestProject } from "vitest/node";
import { startBrowserBroker } from "./browser-server.ts";
import { startRuntimeBroker } from "./runtime-server.ts";
import { bundleSandboxWorker } from "./sandbox-bundle.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    /** Where browser tests ask for the run's shared Chromium (started on first ask). */
    browserBroker: string;
    /** Where browser tests ask for the run's shared local runtime (started on first ask). */
    runtimeBroker: string;
  }
}

/**
 * Starts one embedded DynamoDB (in memory) and S3 (temp dir) for the whole test run, and the
 * brokers of its one Chromium and its one shared local runtime; bundles the ingest sandbox's
 * worker once. Set here, before the test workers start, `GLOSS_SANDBOX_WORKER` reaches them and
 * every runtime they spawn (a value set by the caller is kept).
 */
export default async function setup(project: TestProject) {
  const s3Directory = await mkdtemp(join(tmpdir(), "gloss-test-s3-"));
  const [services, browsers, sandbox] = await Promise.all([
    startEmbeddedServices({ s3Directory }),
    startBrowserBroker(),
    process.env.GLOSS_SANDBOX_WORKER ? null : bundleSandboxWorker(),
  ]);
  if (sandbox) process.env.GLOSS_SANDBOX_WORKER = sandbox.file;
  const runtimes = await startRuntimeBroker();
  project.provide("dynamoEndpoint", services.dynamoEndpoint);
  project.provide("s3Endpoint", services.s3Endpoint);
  project.provide("browserBroker", browsers.url);
  project.provide("runtimeBroker", runtimes.url);
  return async () => {
    await runtimes.stop();
    await browsers.stop();
    await services.stop();
    await rm(s3Directory, { recursive: true, force: true });
    await sandbox?.remove();
  };
}
