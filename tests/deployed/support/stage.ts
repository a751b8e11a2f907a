import { randomBytes } from "node:crypto";
import { type Context, createContext } from "@gloss/core/context";
import { EMBEDDED_CREDENTIALS, ensureStorage } from "@gloss/local";
import { inject } from "vitest";
import { bundleFunction } from "./bundle.ts";
import { startEdge } from "./edge.ts";
import { type Infra, loadInfra } from "./infra.ts";
import { type Deployed, startFunction } from "./lambda.ts";
import { startSes } from "./ses.ts";

export const SENDER = "research.example.org";

/**
 * A stage as `sst deploy` would create it, on loopback: infra/ executed for the stage (with an
 * email sender), a fresh table and bucket on the embedded services, the SES endpoint, each
 * declared function built and run in its Lambda-shaped process, and the Router in front.
 */
export async function startStage(
  names: string[] = ["Api", "Auth", "Ingest", "IngestFailed", "Sweep"],
) {
  const infra: Infra = await loadInfra("test", { GLOSS_EMAIL_SENDER: SENDER });
  const suffix = randomBytes(6).toString("hex");
  const tableName = `gloss-deployed-${suffix}`;
  const bucketName = `gloss-deployed-${suffix}`;
  const ctx: Context = createContext({
    tableName,
    bucketName,
    dynamoEndpoint: inject("dynamoEndpoint"),
    s3Endpoint: inject("s3Endpoint"),
    credentials: EMBEDDED_CREDENTIALS,
  });
  await ensureStorage(ctx);
  const ses = await startSes();
  const endpoints = {
    dynamodb: inject("dynamoEndpoint"),
    s3: inject("s3Endpoint"),
    sesv2: ses.url,
  };
  const links: Record<string, Record<string, unknown>> = {
    Table: { name: tableName },
    Documents: { name: bucketName },
    Email: { sender: SENDER, configSet: "gloss-test-email-config" },
    EdgeSecret: { value: infra.find("EdgeSecret").value },
    GlossAuthKeySecret: { value: infra.find("GlossAuthKeySecret").value },
    // Searches here run in shards the harness does not start (tests/search/shards-deployed).
    SearchShard: { name: `gloss-test-SearchShardFunction-${suffix}` },
  };
  const started = new Map<string, Deployed>();
  const hosts: Record<string, string> = {};
  // Built side by side (each build is mostly waiting on esbuild's own threads), then started.
  await Promise.all(
    names.map((name) => {
      const fn = infra.functions.get(name);
      return fn ? bundleFunction(fn) : undefined;
    }),
  );
  const order = ["Auth", ...names.filter((n) => n !== "Auth")].filter((n) => names.includes(n));
  try {
    for (const name of order) {
      const fn = infra.functions.get(name);
      if (!fn) throw new Error(`infra declares no function ${name}`);
      // The API reaches the issuer at its Function URL (Resource.Auth.url).
      const deployed = await startFunction(fn, { links, endpoints, hosts });
      started.set(name, deployed);
      hosts[new URL(deployed.functionUrl).host] = deployed.url;
      if (name === "Auth") links.Auth = { url: deployed.functionUrl };
    }
  } catch (error) {
    for (const fn of started.values()) await fn.stop();
    await ses.stop();
    throw error;
  }
  const origins = new Map<string, string>();
  for (const [name, deployed] of started) {
    const url = infra.functions.get(name)?.url;
    if (url) origins.set(url, deployed.url);
  }
  const edge = await startEdge(infra.find("Router"), origins);
  return {
    infra,
    ctx,
    ses,
    edge,
    fn: (name: string) => {
      const deployed = started.get(name);
      if (!deployed) throw new Error(`${name} was not started`);
      return deployed;
    },
    async stop() {
      await edge.stop();
      for (const fn of started.values()) await fn.stop();
      await ses.stop();
    },
  };
}

export type Stage = Awaited<ReturnType<typeof startStage>>;
