/**
 * The search benchmark's corpus in the embedded services: workspaces of generated documents
 * (BENCH_SEARCH_SIZES documents each, BENCH_SEARCH_KB KB apiece; by default 100 and 1,000
 * documents of 100 KB: 10 MB and 100 MB in one data folder), each version's search preparation
 * stored beside its text as ingest stores it. Seeded once and cached under
 * bench/results/data-search-<seed>-<sizes>x<kb>/; delete the folder to rebuild it.
 *
 * Fast at 100 MB: building a preparation segments the text (~2 s/MB under this machine's load,
 * minutes for the corpus), so the corpus is made of paragraphs drawn from a pool, each prepared
 * once, and a document's preparation is composed from its paragraphs' (folding and segmenting
 * never reach across a blank line, the paragraph mark between them). The composition is checked
 * byte for byte against `buildPrepared` on a sample of documents before anything is written, and
 * the bench checks every search's hit count against the planted count and the peer.
 *
 * Then the app's own pack builder (`Search.buildPacks`, as the ingest function runs it) packs
 * each workspace's versions into search packs and points the documents at them; a corpus seeded
 * before packs existed is packed on first use.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as Document from "@gloss/core/document";
import {
  buildPacks,
  buildPrepared,
  compressOrigin,
  encodePrepared,
  expandOrigin,
  type PreparedText,
  preparedKey,
} from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { random } from "../lib/random.ts";
import { RESULTS } from "../lib/report.ts";
import { pool } from "../lib/seed.ts";
import { openStorage } from "../lib/services.ts";
import { paragraph } from "./paragraph.ts";

export const SEED = 20261202;
export const SIZES = (process.env.BENCH_SEARCH_SIZES ?? "100,1000").split(",").map(Number);
export const KB = Number(process.env.BENCH_SEARCH_KB ?? 100);
const POOL_PARAGRAPHS = 4_000;

interface Paragraph {
  text: string;
  planted: number;
  prepared: PreparedText;
  origin: Int32Array;
}

export interface SearchWorkspace {
  id: string;
  documents: number;
  megabytes: number;
  planted: number;
}

export interface SearchCorpus {
  dataDir: string;
  workspaces: SearchWorkspace[];
  /** Whether the pack builder has packed every workspace, and what it did. */
  packed?: Array<{ id: string; ms: number; packsWritten: number; documentsLeft: number }>;
}

function paragraphs(rand: () => number): Paragraph[] {
  return Array.from({ length: POOL_PARAGRAPHS }, () => {
    const { text, planted } = paragraph(rand);
    const prepared = buildPrepared(text);
    return { text, planted, prepared, origin: expandOrigin(prepared.runs) };
  });
}

/** A document's text and its preparation, composed from its paragraphs' (joined by blank lines). */
function compose(parts: Paragraph[]): { text: string; prepared: PreparedText } {
  const text = parts.map((p) => p.text).join("\n\n");
  const folded = parts.map((p) => p.prepared.text).join("\u2029");
  const origin = new Int32Array(folded.length + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  let canonical = 0;
  let at = 0;
  for (const [i, p] of parts.entries()) {
    const n = p.prepared.text.length;
    for (let k = 0; k < n; k++) origin[at + k] = canonical + p.origin[k]!;
    const { words } = p.prepared;
    for (let w = 0; w < words.starts.length; w++) {
      starts.push(at + words.starts[w]!);
      ends.push(at + words.ends[w]!);
    }
    canonical += p.text.length;
    at += n;
    if (i < parts.length - 1) {
      origin[at++] = canonical; // the paragraph mark comes from the first of the two line breaks
      canonical += 2;
    }
  }
  origin[at] = text.length;
  const marks: number[] = [];
  for (let m = folded.indexOf("\u2029"); m !== -1; m = folded.indexOf("\u2029", m + 1))
    marks.push(m);
  return {
    text,
    prepared: {
      text: folded,
      runs: compressOrigin(origin),
      words: {
        starts: Int32Array.from(starts),
        ends: Int32Array.from(ends),
        paragraphMarks: Int32Array.from(marks),
      },
    },
  };
}

/** Documents of about `kb` KB drawn from the paragraph pool, with their planted phrase count. */
export function documents(
  count: number,
  kb: number,
  rand: () => number,
  pool: Paragraph[],
): Array<{ text: string; prepared: PreparedText; planted: number }> {
  return Array.from({ length: count }, () => {
    const parts: Paragraph[] = [];
    let length = 0;
    let planted = 0;
    while (length < kb * 1024) {
      const p = pool[Math.floor(rand() * pool.length)]!;
      parts.push(p);
      planted += p.planted;
      length += p.text.length + 2;
    }
    return { ...compose(parts), planted };
  });
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Runs the app's pack builder over every workspace of the corpus (once) and records it. */
async function packCorpus(corpus: SearchCorpus, marker: string): Promise<SearchCorpus> {
  if (corpus.packed) return corpus;
  const { services, ctx } = await openStorage(corpus.dataDir);
  const packed: NonNullable<SearchCorpus["packed"]> = [];
  try {
    for (const workspace of corpus.workspaces) {
      const started = Date.now();
      const run = await buildPacks(ctx, workspace.id, { budgetMs: Number.POSITIVE_INFINITY });
      const ms = Date.now() - started;
      packed.push({ id: workspace.id, ms, ...run });
      console.log(
        `  packed ${workspace.documents} documents: ${run.packsWritten} packs, ${run.documentsLeft} left, ${(ms / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await services.stop();
  }
  const done = { ...corpus, packed };
  await writeFile(marker, JSON.stringify(done, null, 2));
  return done;
}

/** The cached corpus, seeded and packed first when missing. */
export async function searchCorpus(): Promise<SearchCorpus> {
  const dataDir = join(RESULTS, `data-search-${SEED}-${SIZES.join("+")}x${KB}`);
  const marker = join(dataDir, "bench.json");
  if (existsSync(marker)) return packCorpus(JSON.parse(await readFile(marker, "utf8")), marker);
  console.log(`Seeding the search corpus into ${dataDir} (once)…`);
  const started = Date.now();
  const { services, ctx } = await openStorage(dataDir, { fresh: true });
  const rand = random(SEED);
  const paragraphPool = paragraphs(rand);
  const corpus: SearchCorpus = { dataDir, workspaces: [] };
  try {
    for (const size of SIZES) {
      const docs = documents(size, KB, rand, paragraphPool);
      for (const doc of docs.slice(0, 3)) {
        const built = encodePrepared(buildPrepared(doc.text));
        if (!sameBytes(built, encodePrepared(doc.prepared))) {
          throw new Error("a composed preparation differs from buildPrepared's");
        }
      }
      const workspace = await Workspace.create(ctx, User.LOCAL_OWNER, {
        name: `Search benchmark, ${size} documents`,
      });
      let done = 0;
      await pool(
        docs.map((doc, i) => ({ doc, i })),
        8,
        async ({ doc, i }) => {
          const created = await Document.create(ctx, workspace.id, User.LOCAL_OWNER.id, {
            title: `Report ${i + 1}`,
            text: doc.text,
          });
          if (created.textLength !== doc.text.length) {
            throw new Error("the stored canonical text is not the generated one");
          }
          await Storage.putObject(
            ctx,
            preparedKey(workspace.id, created.id, created.textVersion),
            encodePrepared(doc.prepared),
            "application/octet-stream",
          );
          if (++done % 100 === 0) process.stdout.write(`  ${done}/${size} documents\r`);
        },
      );
      const megabytes = docs.reduce((n, d) => n + d.text.length, 0) / 1_000_000;
      const planted = docs.reduce((n, d) => n + d.planted, 0);
      corpus.workspaces.push({ id: workspace.id, documents: size, megabytes, planted });
      console.log(`  ${size} documents, ${megabytes.toFixed(1)} MB, ${planted} planted`);
    }
  } finally {
    await services.stop();
  }
  await writeFile(marker, JSON.stringify(corpus, null, 2));
  console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return packCorpus(corpus, marker);
}

/** The texts of a seeded workspace again (deterministic), for the peer: same seed, same order. */
export function corpusTexts(): Map<number, string[]> {
  const rand = random(SEED);
  const paragraphPool = paragraphs(rand);
  return new Map(
    SIZES.map((size) => [size, documents(size, KB, rand, paragraphPool).map((d) => d.text)]),
  );
}
