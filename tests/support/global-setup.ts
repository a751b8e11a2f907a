import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedServices } from "@gloss/local";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}

/** Starts one embedded DynamoDB (in memory) and S3 (temp dir) for the whole test run. */
export default async function setup(project: TestProject) {
  const s3Directory = await mkdtemp(join(tmpdir(), "gloss-test-s3-"));
  const services = await startEmbeddedServices({ s3Directory });
  project.provide("dynamoEndpoint", services.dynamoEndpoint);
  project.provide("s3Endpoint", services.s3Endpoint);
  return async () => {
    await services.stop();
    await rm(s3Directory, { recursive: true, force: true });
  };
}
