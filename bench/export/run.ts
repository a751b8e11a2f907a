/**
 * `npm run bench:export`: extracts.csv of 10,000 and 100,000 passages over 1,000 documents through
 * the real export route (createApp + app.request, embedded DynamoDB and S3), and the CSV writing
 * alone (the extracts.csv generator over in-memory pages). Each export runs in a fresh Node
 * process (./worker.ts) that samples its own RSS; the embedded services run in this one.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { finish, ROOT, type Row } from "../lib/report.ts";
import { BUCKET, openStorage, TABLE } from "../lib/services.ts";
import { median } from "../lib/stats.ts";
import { exportCorpus } from "./seed.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The 100k export through the route takes ~40 s a run on this machine; two keep the suite short. */
const ROUTE_100K_RUNS = Number(process.env.BENCH_RUNS ?? 2);
const MB = 2 ** 20;

interface Measured {
  rows: number;
  bytes: number;
  ms: number;
  /** CPU time of the export's process (see worker.ts); less moved by other load than `ms`. */
  cpuMs: number;
  baselineRss: number;
  peakRss: number;
  peakHeap: number;
}

async function inWorker(options: Record<string, unknown>): Promise<Measured> {
  const { stdout } = await promisify(execFile)(
    join(ROOT, "node_modules/.bin/tsx"),
    [join(ROOT, "bench/export/worker.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        BENCH_EXPORT: JSON.stringify(options),
        GLOSS_LOG: "silent",
        NODE_OPTIONS: "--expose-gc",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      maxBuffer: 16 * MB,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

function summarise(runs: Measured[]) {
  return {
    rows: runs[0]!.rows,
    bytes: runs[0]!.bytes,
    rowsPerSecond: median(runs.map((r) => (r.rows / r.ms) * 1000)),
    ms: median(runs.map((r) => r.ms)),
    rowsPerCpuSecond: median(runs.map((r) => (r.rows / r.cpuMs) * 1000)),
    peakRssMB: median(runs.map((r) => r.peakRss / MB)),
    growthMB: median(runs.map((r) => (r.peakRss - r.baselineRss) / MB)),
    peakHeapMB: median(runs.map((r) => r.peakHeap / MB)),
    runs,
  };
}

export async function run() {
  const corpus = await exportCorpus();
  const details: Record<string, unknown> = { corpus };
  const rows: Row[] = [];

  // The writer alone first: nothing else is running.
  const writer: Record<number, ReturnType<typeof summarise>> = {};
  for (const annotations of [10_000, 100_000]) {
    const runs: Measured[] = [];
    for (let r = 0; r < RUNS; r++) runs.push(await inWorker({ mode: "writer", annotations }));
    writer[annotations] = summarise(runs);
    console.log(
      `  writer, ${annotations} passages: ${writer[annotations]!.rows} rows, ${runs.map((r) => r.ms.toFixed(0)).join(", ")} ms`,
    );
  }
  details.writer = writer;

  const { services } = await openStorage(corpus.dataDir);
  const route: Record<number, ReturnType<typeof summarise>> = {};
  try {
    for (const workspace of corpus.workspaces) {
      const runs: Measured[] = [];
      const repeat = workspace.annotations >= 100_000 ? ROUTE_100K_RUNS : RUNS;
      for (let r = 0; r < repeat; r++) {
        runs.push(
          await inWorker({
            mode: "route",
            dynamoEndpoint: services.dynamoEndpoint,
            s3Endpoint: services.s3Endpoint,
            table: TABLE,
            bucket: BUCKET,
            workspaceId: workspace.id,
          }),
        );
      }
      route[workspace.annotations] = summarise(runs);
      console.log(
        `  route, ${workspace.annotations} passages: ${route[workspace.annotations]!.rows} rows, ${runs.map((r) => r.ms.toFixed(0)).join(", ")} ms`,
      );
      if (route[workspace.annotations]!.rows !== workspace.rows) {
        throw new Error(
          `expected ${workspace.rows} rows, the export had ${route[workspace.annotations]!.rows}`,
        );
      }
    }
  } finally {
    await services.stop();
  }
  details.route = route;

  for (const [what, figures] of [
    ["CSV writing alone", writer],
    ["export route, embedded services", route],
  ] as const) {
    for (const n of [10_000, 100_000]) {
      const f = figures[n]!;
      rows.push({
        suite: "export",
        measure: `${what}: ${n / 1000}k passages (${f.rows} rows)`,
        value: f.rowsPerSecond,
        unit: "rows/s",
        ...(what === "CSV writing alone"
          ? { target: "≥ 200k rows/s", met: f.rowsPerSecond >= 200_000 }
          : {}),
      });
      rows.push({
        suite: "export",
        measure: `${what}: ${n / 1000}k passages, rows per CPU-second of the export's process`,
        value: f.rowsPerCpuSecond,
        unit: "rows/s",
      });
    }
    const flat = figures[100_000]!.peakRssMB / figures[10_000]!.peakRssMB;
    rows.push(
      {
        suite: "export",
        measure: `${what}: peak RSS, 10k passages`,
        value: figures[10_000]!.peakRssMB,
        unit: "MB",
      },
      {
        suite: "export",
        measure: `${what}: peak RSS, 100k passages`,
        value: figures[100_000]!.peakRssMB,
        unit: "MB",
        target: "flat (≤ 1.25 × 10k)",
        met: flat <= 1.25,
      },
    );
  }
  return finish("export", rows, details);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
