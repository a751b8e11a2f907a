/**
 * `npm run bench:lambda`: each Lambda entry bundled as SST bundles it (esbuild: platform node,
 * ESM, bundle, minify, keepNames, module/main fields, the createRequire banner; sharp and
 * pg-native external), once as SST does by default (the AWS SDK bundled) and once with
 * `@aws-sdk/*` external (the Node.js 22 runtime provides SDK v3). Then the API bundle's cold
 * start: a fresh `node` imports it and answers one Function URL event (list a document's
 * annotations, with a personal API token), against embedded DynamoDB and S3; median of 10.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import * as Annotation from "@gloss/core/annotation";
import * as Document from "@gloss/core/document";
import * as Token from "@gloss/core/token";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { EMBEDDED_CREDENTIALS } from "@gloss/local";
import { build, type Plugin } from "esbuild";
import apiPlugins from "../../infra/api-esbuild-plugins.mjs";
import { sstBuildOptions } from "../../tests/deployed/support/bundle.ts";
import { finish, RESULTS, ROOT, type Row } from "../lib/report.ts";
import { BUCKET, openStorage, TABLE } from "../lib/services.ts";
import { median } from "../lib/stats.ts";
import { generate } from "../reader/generate.ts";

const EDGE_SECRET = "bench-edge-secret";
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 10);
const ENTRIES = ["api", "auth", "ingest"] as const;
const OUT = join(RESULTS, "lambda");

/**
 * Bundles `entry` as SST bundles a nodejs24.x function (tests/deployed/support/bundle.ts: the
 * same esbuild options the deployed-shape tests run) into OUT/<name>/bundle.mjs, with `external`
 * packages left out besides SST's own.
 */
async function bundle(
  entry: (typeof ENTRIES)[number],
  name: string,
  options: { splitting?: boolean; external?: string[] } = {},
) {
  // infra/api.ts gives the API function esbuild plugins (`nodejs.plugins`); SST runs them.
  const plugins: Plugin[] = entry === "api" ? apiPlugins : [];
  const sst = sstBuildOptions(
    {
      handler: `packages/functions/src/${entry}.handler`,
      runtime: "nodejs24.x",
      nodejs: { splitting: options.splitting ?? false },
    },
    join(OUT, name),
    plugins,
  );
  const result = await build({
    ...sst,
    external: [...(sst.external ?? []), ...(options.external ?? [])],
  });
  return result.metafile!;
}

/** The size of a bundle's bundle.mjs, in KB. */
const bundleKB = async (name: string) => (await stat(join(OUT, name, "bundle.mjs"))).size / 1024;

type Metafile = {
  outputs: Record<string, { bytes: number; imports: Array<{ path: string; kind: string }> }>;
};

/** Bytes a cold start loads: bundle.mjs and the chunks it imports statically, transitively. */
function coldBytes(metafile: Metafile): number {
  const outputs = metafile.outputs;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement") visit(i.path);
  };
  visit(Object.keys(outputs).find((k) => k.endsWith("/bundle.mjs"))!);
  return [...seen].reduce((sum, file) => sum + outputs[file]!.bytes, 0);
}

/** The largest inputs of a bundle by bytes they contribute, grouped by package. */
function heaviest(metafile: {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}) {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = m
        ? m[1]!
        : path.startsWith("packages/")
          ? path.split("/").slice(0, 2).join("/")
          : path;
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([name, bytes]) => ({ name, kB: Math.round(bytes / 1024) }));
}

export async function run() {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const sizes: Record<
    string,
    {
      sdkBundledKB: number;
      sdkExternalKB: number;
      splitColdKB: number;
      splitTotalKB: number;
      heaviest: unknown;
    }
  > = {};
  for (const entry of ENTRIES) {
    const bundled = await bundle(entry, `${entry}-sdk-bundled`);
    await bundle(entry, entry, { external: ["@aws-sdk/*"] });
    const split = await bundle(entry, `${entry}-split`, { splitting: true });
    sizes[entry] = {
      sdkBundledKB: await bundleKB(`${entry}-sdk-bundled`),
      sdkExternalKB: await bundleKB(entry),
      splitColdKB: coldBytes(split as unknown as Metafile) / 1024,
      splitTotalKB:
        Object.entries(split.outputs)
          .filter(([file]) => file.endsWith(".mjs"))
          .reduce((sum, [, o]) => sum + o.bytes, 0) / 1024,
      heaviest: heaviest(bundled),
    };
    console.log(
      `  ${entry}: ${sizes[entry]!.sdkBundledKB.toFixed(0)} kB (SDK bundled), ${sizes[entry]!.sdkExternalKB.toFixed(0)} kB (@aws-sdk external), ${sizes[entry]!.splitColdKB.toFixed(0)} of ${sizes[entry]!.splitTotalKB.toFixed(0)} kB loaded at start (splitting)`,
    );
  }

  // Cold start against a small workspace on embedded storage.
  const dataDir = join(RESULTS, "data-lambda");
  const { services, ctx } = await openStorage(dataDir, { fresh: true });
  const cold: Record<string, Array<Record<string, number>>> = {};
  try {
    const user = await User.getOrCreateByEmail(ctx, "bench@example.org");
    const workspaceId = await Workspace.ensureDefault(ctx, user);
    const { token } = await Token.create(ctx, user.id, { name: "cold start bench" });
    const { text, annotations } = generate(20240611, 20_000, 50);
    const document = await Document.create(ctx, workspaceId, user.id, {
      title: "Cold start",
      text,
    });
    for (const a of annotations) {
      await Annotation.create(ctx, workspaceId, document.id, user.id, {
        start: a.start,
        end: a.end,
        exact: text.slice(a.start, a.end),
        tags: ["forced-labour"],
      });
    }
    const path = `/api/workspaces/${workspaceId}/documents/${document.id}/annotations`;
    const domain = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: path,
      rawQueryString: "",
      headers: {
        host: domain,
        authorization: `Bearer ${token}`,
        "x-forwarded-proto": "https",
        "x-forwarded-for": "127.0.0.1",
        // What the Router adds (infra/edge.ts); the API refuses requests without it.
        "x-gloss-edge": EDGE_SECRET,
        "x-gloss-viewer-address": "127.0.0.1",
      },
      requestContext: {
        domainName: domain,
        http: {
          method: "GET",
          path,
          protocol: "HTTP/1.1",
          sourceIp: "127.0.0.1",
          userAgent: "bench",
        },
        requestId: randomUUID(),
        timeEpoch: Date.now(),
      },
      isBase64Encoded: false,
    };
    const env = {
      PATH: process.env.PATH ?? "",
      SST_RESOURCE_Table: JSON.stringify({ name: TABLE, type: "sst.aws.Dynamo" }),
      SST_RESOURCE_Documents: JSON.stringify({ name: BUCKET, type: "sst.aws.Bucket" }),
      SST_RESOURCE_Auth: JSON.stringify({
        url: "https://auth.gloss.invalid",
        type: "sst.aws.Auth",
      }),
      SST_RESOURCE_App: JSON.stringify({ name: "gloss", stage: "bench" }),
      SST_RESOURCE_EdgeSecret: JSON.stringify({ value: EDGE_SECRET, type: "sst.sst.Secret" }),
      AWS_ENDPOINT_URL_DYNAMODB: services.dynamoEndpoint,
      AWS_ENDPOINT_URL_S3: services.s3Endpoint,
      AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
      AWS_REGION: "eu-west-1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      GLOSS_LOG: "silent",
      NODE_ENV: "production",
    };
    await build({
      entryPoints: [join(ROOT, "bench/lambda/coldstart.ts")],
      outfile: join(OUT, "coldstart.mjs"),
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
    });
    // The SDK-external bundle needs the SDK where Lambda's runtime has it: on the module path.
    // Here that is the repository's node_modules, found from OUT by Node's resolution.
    for (const variant of ["api-sdk-bundled", "api-split", "api"]) {
      const runs: Array<Record<string, number>> = [];
      for (let i = 0; i < COLD_STARTS; i++) {
        const started = performance.now();
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            join(OUT, "coldstart.mjs"),
            pathToFileURL(join(OUT, variant, "bundle.mjs")).href,
            JSON.stringify(event),
          ],
          { env, cwd: OUT },
        );
        const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
        if (result.status !== 200) throw new Error(`cold start answered ${result.status}`);
        runs.push({ ...result, spawnToExitMs: performance.now() - started });
      }
      cold[variant] = runs;
      console.log(
        `  cold start ${variant}: ${runs.map((r) => r.sinceProcessStartMs!.toFixed(0)).join(", ")} ms`,
      );
    }
  } finally {
    await services.stop();
  }

  const coldMs = (variant: string) => median(cold[variant]!.map((r) => r.sinceProcessStartMs!));
  const rows: Row[] = [];
  for (const entry of ENTRIES) {
    const s = sizes[entry]!;
    rows.push({
      suite: "lambda",
      measure: `${entry} bundle, minified (SST default: SDK bundled)`,
      value: s.sdkBundledKB,
      unit: "KB",
      ...(entry === "api" ? { target: "≤ 1 MB", met: s.sdkBundledKB <= 1024 } : {}),
    });
    rows.push({
      suite: "lambda",
      measure: `${entry} bundle with splitting: loaded at cold start (of ${Math.round(s.splitTotalKB)} KB)`,
      value: s.splitColdKB,
      unit: "KB",
      ...(entry === "api" ? { target: "≤ 1 MB", met: s.splitColdKB <= 1024 } : {}),
    });
    rows.push({
      suite: "lambda",
      measure: `${entry} bundle, minified, @aws-sdk/* external`,
      value: s.sdkExternalKB,
      unit: "KB",
      ...(entry === "api" ? { target: "≤ 1 MB", met: s.sdkExternalKB <= 1024 } : {}),
    });
  }
  for (const [variant, label] of [
    ["api-sdk-bundled", "SST default"],
    ["api-split", "splitting"],
    ["api", "@aws-sdk external"],
  ] as const) {
    rows.push({
      suite: "lambda",
      measure: `API cold start (process start → answered), ${label}`,
      value: coldMs(variant),
      unit: "ms",
      target: "≤ 300 ms",
      met: coldMs(variant) <= 300,
    });
    rows.push({
      suite: "lambda",
      measure: `  of which import of the bundle, ${label}`,
      value: median(cold[variant]!.map((r) => r.importMs!)),
      unit: "ms",
    });
  }
  return finish("lambda", rows, { sizes, coldStarts: cold });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
