/**
 * `npm run bench:api`: requests per second and latency of two hot routes, listing a document's
 * annotations (a 500-passage page, as the reader loads it) and creating an annotation, both
 * in-process (createApp + app.request, 8 requests in flight) and over HTTP against the local
 * runtime with autocannon (10 connections, loopback). Embedded DynamoDB and S3 in both cases.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as Annotation from "@gloss/core/annotation";
import * as Document from "@gloss/core/document";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { createApp } from "@gloss/functions/app";
import autocannon from "autocannon";
import { finish, RESULTS, type Row } from "../lib/report.ts";
import { openStorage, startRuntime } from "../lib/services.ts";
import { percentile } from "../lib/stats.ts";
import { generate } from "../reader/generate.ts";

process.env.GLOSS_LOG = "silent";
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const IN_FLIGHT = 8;
const CONNECTIONS = 10;

// Same shape as the web's LinkDialog.tsx opening (two counts, then an interface), different
// concept: nothing there to share with a load test.
interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** `IN_FLIGHT` loops calling `request` for `SECONDS`; every latency kept. */
async function inProcess(
  request: () => Response | Promise<Response>,
  expected: number,
): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await request();
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status !== expected) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requests: latencies.length,
    errors,
  };
}

async function overHttp(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

export async function run() {
  const dataDir = join(RESULTS, "data-api");
  const { services, ctx } = await openStorage(dataDir, { fresh: true });
  const { text, annotations } = generate(20240611, 200_000, 500);
  let workspaceId: string;
  let documentId: string;
  const results: Record<string, Load> = {};
  try {
    workspaceId = await Workspace.ensureDefault(ctx, User.LOCAL_OWNER);
    const document = await Document.create(ctx, workspaceId, User.LOCAL_OWNER.id, {
      title: "API benchmark report",
      text,
    });
    documentId = document.id;
    for (const a of annotations) {
      await Annotation.create(ctx, workspaceId, documentId, User.LOCAL_OWNER.id, {
        start: a.start,
        end: a.end,
        exact: text.slice(a.start, a.end),
        tags: ["forced-labour"],
        ...(a.note ? { note: a.note } : {}),
      });
    }
    const app = createApp({ ctx });
    const list = `/api/workspaces/${workspaceId}/documents/${documentId}/annotations?limit=500`;
    const create = `/api/workspaces/${workspaceId}/documents/${documentId}/annotations`;
    const sample = annotations[7]!;
    const body = JSON.stringify({
      start: sample.start,
      end: sample.end,
      exact: text.slice(sample.start, sample.end),
      tags: ["corruption"],
      note: "Benchmark passage",
    });
    const check = await app.request(list);
    const listed = ((await check.json()) as { items: unknown[] }).items.length;
    if (listed !== 500) throw new Error(`expected a page of 500 annotations, got ${listed}`);
    results.listInProcess = await inProcess(() => app.request(list), 200);
    results.createInProcess = await inProcess(
      () =>
        app.request(create, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }),
      201,
    );
    console.log(
      `  in-process: list ${results.listInProcess.requestsPerSecond.toFixed(0)} req/s, create ${results.createInProcess.requestsPerSecond.toFixed(0)} req/s`,
    );
    await services.stop();

    const runtime = await startRuntime(dataDir);
    try {
      results.listHttp = await overHttp({ url: `${runtime.url}${list}` });
      results.createHttp = await overHttp({
        url: `${runtime.url}${create}`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    } finally {
      await runtime.stop();
    }
    console.log(
      `  HTTP: list ${results.listHttp.requestsPerSecond.toFixed(0)} req/s, create ${results.createHttp.requestsPerSecond.toFixed(0)} req/s`,
    );
  } catch (error) {
    await services.stop().catch(() => {});
    throw error;
  }

  const rows: Row[] = [];
  for (const [key, label] of [
    ["listInProcess", "list 500 annotations, in-process"],
    ["createInProcess", "create an annotation, in-process"],
    ["listHttp", "list 500 annotations, HTTP (autocannon)"],
    ["createHttp", "create an annotation, HTTP (autocannon)"],
  ] as const) {
    const r = results[key]!;
    if (r.errors > 0) console.warn(`  ${label}: ${r.errors} errors`);
    rows.push(
      { suite: "api", measure: `${label}: throughput`, value: r.requestsPerSecond, unit: "req/s" },
      { suite: "api", measure: `${label}: p50`, value: r.p50Ms, unit: "ms" },
      { suite: "api", measure: `${label}: p99`, value: r.p99Ms, unit: "ms" },
    );
  }
  return finish("api", rows, {
    seconds: SECONDS,
    inProcessInFlight: IN_FLIGHT,
    httpConnections: CONNECTIONS,
    document: { characters: text.length, annotations: annotations.length },
    results,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
