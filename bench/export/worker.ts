/**
 * One export in a fresh process, so its peak memory is the export's alone (the embedded services
 * run in the parent). Modes: `route` (GET extracts.csv through createApp + app.request against
 * the embedded services) and `writer` (the extracts.csv generator over in-memory pages: the CSV
 * writing alone). Prints one JSON line: rows, bytes, ms, baseline and peak RSS.
 */
import { createContext } from "@gloss/core/context";
import type { ExportSource } from "@gloss/core/export";
import * as Export from "@gloss/core/export";
import { createApp } from "@gloss/functions/app";
import { EMBEDDED_CREDENTIALS } from "@gloss/local";
import { random } from "../lib/random.ts";
import { CODES } from "../reader/generate.ts";

const options = JSON.parse(process.env.BENCH_EXPORT ?? "{}") as {
  mode: "route" | "writer";
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  table?: string;
  bucket?: string;
  workspaceId?: string;
  annotations?: number;
};

/** Peak resident set size, sampled every 5 ms while the export runs. */
function sampleMemory() {
  let peak = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  return () => {
    clearInterval(timer);
    const m = process.memoryUsage();
    return { peakRss: Math.max(peak, m.rss), peakHeap: Math.max(peakHeap, m.heapUsed) };
  };
}

/**
 * CPU time this process spent since `from`, in ms: on a shared machine wall-clock rows/s move
 * with the load, CPU time much less (it still includes the memory sampler's ticks).
 */
function cpuMs(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

/** Counts records by their CRLF terminators (the corpus has no CR inside cells). */
async function consume(body: AsyncIterable<Uint8Array | string>) {
  let bytes = 0;
  let records = 0;
  for await (const piece of body) {
    if (typeof piece === "string") {
      bytes += Buffer.byteLength(piece);
      for (let at = piece.indexOf("\r\n"); at !== -1; at = piece.indexOf("\r\n", at + 2)) records++;
    } else {
      bytes += piece.length;
      for (let at = piece.indexOf(13); at !== -1; at = piece.indexOf(13, at + 1)) {
        if (piece[at + 1] === 10) records++;
      }
    }
  }
  return { bytes, rows: records - 1 };
}

async function viaRoute() {
  const ctx = createContext({
    tableName: options.table!,
    bucketName: options.bucket!,
    dynamoEndpoint: options.dynamoEndpoint!,
    s3Endpoint: options.s3Endpoint!,
    credentials: EMBEDDED_CREDENTIALS,
  });
  const app = createApp({ ctx });
  // Warm the caller and workspace caches with a cheap request, as a running Lambda has them.
  await app.request(`/api/workspaces/${options.workspaceId}/tags`);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  const stop = sampleMemory();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const res = await app.request(`/api/workspaces/${options.workspaceId}/exports/extracts.csv`);
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  const counted = await consume(res.body as unknown as AsyncIterable<Uint8Array>);
  const ms = performance.now() - started;
  return { ...counted, ms, cpuMs: cpuMs(cpu), baselineRss, ...stop() };
}

/** In-memory pages of 500 passages over 1,000 documents, built once and reused in turn. */
function stubSource(total: number): ExportSource {
  const rand = random(99);
  const documents = new Map(
    Array.from({ length: 1_000 }, (_, i) => [
      `doc_${i}`,
      {
        id: `doc_${i}`,
        title: `Field report ${i + 1}: recruitment and detention`,
        sourceUrl: `https://reports.example.org/${i + 1}`,
        publishedAt: "2019-04-15",
        author: null,
        textVersion: 1,
        ready: true,
        createdBy: "usr_local",
        createdAt: "2024-06-11T10:00:00.000Z",
        attributes: {},
        pageCount: null,
      },
    ]),
  );
  const words =
    'the workers were recruited by an agent who promised wages, "contract" housing'.split(" ");
  const phrase = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(" ");
  const pages = Array.from({ length: 10 }, (_, p) =>
    Array.from({ length: 500 }, (_, i) => ({
      id: `ann_${p}_${i}`,
      workspaceId: "ws_bench",
      documentId: `doc_${Math.floor(rand() * 1_000)}`,
      start: i * 100,
      end: i * 100 + 80,
      exact: phrase(12),
      prefix: phrase(5),
      suffix: phrase(5),
      tags: rand() < 0.25 ? [CODES[0]!, CODES[3]!] : [CODES[Math.floor(rand() * CODES.length)]!],
      note: rand() < 0.3 ? `Corroborates interview ${i}, see "annex"` : "",
      status: "anchored" as const,
      textVersion: 1,
      createdBy: "usr_local",
      createdAt: "2024-06-11T10:00:00.000Z",
      updatedAt: "2024-06-11T10:00:00.000Z",
      version: 1,
    })),
  );
  const hashes = { textSha256: "a".repeat(64), sourceSha256: "b".repeat(64) };
  // Resolved as `ExportSource.resolvedPages` gives them: document, page, hashes and links read.
  const resolved = pages.map((page) =>
    page.map((annotation) => ({
      annotation,
      document: documents.get(annotation.documentId)!,
      page: null,
      hashes,
      linked: [],
    })),
  );
  const stub = {
    scope: { workspaceId: "ws_bench", origin: "https://gloss.example.org" },
    tags: CODES.map((id) => ({
      id,
      label: id.replace(/-/g, " "),
      color: "#888888",
      description: "",
      path: [id.replace(/-/g, " ")],
    })),
    attributes: { definitions: [] },
    async *resolvedPages() {
      for (let n = 0; n < total / 500; n++) yield resolved[n % resolved.length]!;
    },
    authorName: () => "Local owner",
    urls: {
      passage: (documentId: string, annotationId: string) =>
        `https://gloss.example.org/w/ws_bench/d/${documentId}#ann=${annotationId}`,
    },
  };
  return stub as unknown as ExportSource;
}

async function viaWriter() {
  const source = stubSource(options.annotations ?? 100_000);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  const stop = sampleMemory();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const counted = await consume(Export.extractsCsv(source, { layout: "long", bom: false }));
  const ms = performance.now() - started;
  return { ...counted, ms, cpuMs: cpuMs(cpu), baselineRss, ...stop() };
}

const result = options.mode === "writer" ? await viaWriter() : await viaRoute();
console.log(JSON.stringify(result));
process.exit(0);
