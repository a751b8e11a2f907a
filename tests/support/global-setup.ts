import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedServices } from "@gloss/local";
import type { TestProject } from "vitest/node";
import { startBrowserBroker } from "./browser-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    /** Where browser tests ask for the run's shared Chromium (started on first ask). */
    browserBroker: string;
  }
}

/**
 * Starts one embedded DynamoDB (in memory) and S3 (temp dir) for the whole test run, and the
 * broker of its one Chromium.
 */
export default async function setup(project: TestProject) {
  const s3Directory = await mkdtemp(join(tmpdir(), "gloss-test-s3-"));
  const [services, browsers] = await Promise.all([
    startEmbeddedServices({ s3Directory }),
    startBrowserBroker(),
  ]);
  project.provide("dynamoEndpoint", services.dynamoEndpoint);
  project.provide("s3Endpoint", services.s3Endpoint);
  project.provide("browserBroker", browsers.url);
  return async () => {
    await browsers.stop();
    await services.stop();
    await rm(s3Directory, { recursive: true, force: true });
  };
}
