import { type ChildProcess, spawn } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { EMBEDDED_CREDENTIALS } from "@gloss/local";
import { bundleFunction } from "./bundle.ts";
import type { Component, FunctionDefinition } from "./infra.ts";

const RUNTIME = join(dirname(fileURLToPath(import.meta.url)), "runtime.mjs");

/**
 * `resource.enc` as SST writes it next to the bundle: the links' JSON, AES-256-GCM under the
 * function's SST_KEY with an all-zero nonce, the 16-byte tag appended (what `Resource` of the
 * `sst` package decrypts when SST_KEY and SST_KEY_FILE are set).
 */
export function encryptResources(links: Record<string, unknown>, key: Buffer): Buffer {
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.alloc(12, 0));
  const body = Buffer.concat([cipher.update(JSON.stringify(links)), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]);
}

export interface Deployed {
  name: string;
  /** Where the function answers on loopback. */
  url: string;
  /** Its Function URL as deployed (`https://<id>.lambda-url.<region>.on.aws`). */
  functionUrl: string;
  /** Invokes the handler with a raw event (S3 notification, Cron, failure destination). */
  invoke(event: unknown): Promise<unknown>;
  /** Every line the function wrote to stdout/stderr (its CloudWatch log). */
  logs: string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The value of each linked component, by name, as its `getSSTLink()` would give it. */
  links: Record<string, Record<string, unknown>>;
  /** Endpoints of the embedded services and the loopback SES, set as the SDK's variables. */
  endpoints: { dynamodb: string; s3: string; sesv2?: string; lambda?: string };
  stage?: string;
  /** Function URL hosts of the stage and the loopback servers they stand for. */
  hosts?: Record<string, string>;
}

/**
 * Runs `fn` as Lambda would: its SST bundle in a folder of its own (the working directory, with
 * `resource.enc`), a fresh `node` with only the variables a deployed function has — Lambda's
 * own, SST's (`SST_RESOURCE_App`, `SST_KEY`, `SST_KEY_FILE`) and those infra declares on the
 * function (for the issuer also `OPENAUTH_STORAGE`, as sst.aws.Auth sets it) — plus the SDK's
 * endpoint variables that point it at loopback instead of AWS.
 */
export async function startFunction(
  fn: FunctionDefinition,
  options: StartOptions,
): Promise<Deployed> {
  const bundle = await bundleFunction(fn);
  const task = await mkdtemp(join(tmpdir(), `gloss-task-${fn.name}-`));
  await cp(bundle, task, { recursive: true });
  const stage = options.stage ?? "test";
  const links = Object.fromEntries(
    fn.link.map((component: Component) => {
      const value = options.links[component.name];
      if (!value) throw new Error(`the harness has no value for the link ${component.name}`);
      const type = component.kind === "Secret" ? "sst.sst.Secret" : `sst.aws.${component.kind}`;
      return [component.name, { ...value, type }];
    }),
  );
  const key = randomBytes(32);
  await writeFile(join(task, "resource.enc"), encryptResources(links, key));
  const functionName = `gloss-${stage}-${fn.name}Function-${randomBytes(4).toString("hex")}`;
  const domain = `${randomBytes(16).toString("hex")}.lambda-url.eu-west-1.on.aws`;
  const env: Record<string, string> = {
    PATH: "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    LAMBDA_TASK_ROOT: task,
    LAMBDA_RUNTIME_DIR: "/var/runtime",
    _HANDLER: `bundle.${fn.handler.slice(fn.handler.lastIndexOf(".") + 1)}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime ?? "nodejs20.x"}`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: "2026/12/01/[$LATEST]0123456789abcdef",
    AWS_REGION: "eu-west-1",
    AWS_DEFAULT_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
    SST_RESOURCE_App: JSON.stringify({ name: "gloss", stage }),
    ...fn.environment,
    SST_KEY: key.toString("base64"),
    SST_KEY_FILE: "resource.enc",
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: options.endpoints.s3,
    ...(options.endpoints.sesv2 ? { AWS_ENDPOINT_URL_SESV2: options.endpoints.sesv2 } : {}),
    ...(options.endpoints.lambda ? { AWS_ENDPOINT_URL_LAMBDA: options.endpoints.lambda } : {}),
    // Node 20 runs the bundles here (Lambda runs the declared runtime); the SDK's notice is noise.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    // Read and removed by runtime.mjs before the handler loads.
    GLOSS_HARNESS_DOMAIN: domain,
    GLOSS_HARNESS_HOSTS: JSON.stringify(options.hosts ?? {}),
  };
  const child: ChildProcess = spawn(process.execPath, [RUNTIME], {
    cwd: task,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const ready = /^\{"port":(\d+)\}$/.exec(line);
      if (ready) resolve(Number(ready[1]));
      else logs.push(line);
    });
    child.once("exit", (code) =>
      reject(new Error(`${fn.name} exited with ${code} before listening:\n${logs.join("\n")}`)),
    );
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    name: fn.name,
    url,
    functionUrl: `https://${domain}`,
    logs,
    async invoke(event) {
      const res = await fetch(`${url}/2015-03-31/functions/function/invocations`, {
        method: "POST",
        body: JSON.stringify(event),
      });
      const body = await res.json();
      if (res.status !== 200)
        throw new Error(`${fn.name} invocation failed: ${JSON.stringify(body)}`);
      return body;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
      await rm(task, { recursive: true, force: true });
    },
  };
}
