/**
 * The export benchmark's corpus: two workspaces of the local owner, each with 1,000 documents
 * (~4 KB reports), one with 10,000 annotations and one with 100,000. Documents are created with
 * `Document.create`, and each document's counts set once with `Document.adjustCounts`; the
 * annotations are the items `Annotation.create` writes (bench/lib/seed.ts), put straight into
 * the embedded DynamoDB's files once its server is stopped (./direct-write.ts: ~110k items in
 * seconds instead of ~20 minutes of BatchWriteItem under load). Seeded and cached under
 * bench/results/data-export-<seed>/; delete the folder to rebuild it.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { random } from "../lib/random.ts";
import { RESULTS } from "../lib/report.ts";
import { annotationItems, type Passage, pool } from "../lib/seed.ts";
import { openStorage, TABLE } from "../lib/services.ts";
import { CODES } from "../reader/generate.ts";
import { writeItemsDirect } from "./direct-write.ts";

export const SEED = 20240612;
export const DOCUMENTS = 1_000;
export const SIZES = [10_000, 100_000] as const;

export interface ExportCorpus {
  dataDir: string;
  workspaces: Array<{ id: string; annotations: number; rows: number; documents: number }>;
}

const WORDS = (
  "the workers were recruited by an agent who promised wages contract housing meals passport " +
  "debt deducted fee compound guards locked dormitory police detained inspection reports signed " +
  'survivors interviewed described shifts hours rest punishment beaten confiscated "quoted" ' +
  "documents vessel harbour officials, border crossing transferred sold company managers quota"
).split(" ");

function documentText(rand: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const paragraphs: string[] = [];
  for (let length = 0; length < 4_000; ) {
    const sentences = Array.from({ length: 2 + Math.floor(rand() * 5) }, () => {
      const s = Array.from({ length: 8 + Math.floor(rand() * 16) }, () => pick(WORDS)).join(" ");
      return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
    });
    const paragraph = sentences.join(" ");
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join("\n\n");
}

/** Creates a workspace's documents and returns its annotation items (not yet written). */
async function seedWorkspace(
  ctx: Context,
  workspaceId: string,
  annotations: number,
  rand: () => number,
): Promise<{ rows: number; items: Record<string, unknown>[] }> {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const owner = User.LOCAL_OWNER;
  const texts = Array.from({ length: DOCUMENTS }, () => documentText(rand));
  const documents: Array<{ id: string; text: string }> = [];
  await pool(
    texts.map((text, i) => ({ text, i })),
    8,
    async ({ text, i }) => {
      const document = await Document.create(ctx, workspaceId, owner.id, {
        title: `Field report ${i + 1}: recruitment and detention, ${2015 + (i % 10)}`,
        text,
        sourceUrl: `https://reports.example.org/${i + 1}`,
        publishedAt: `${2015 + (i % 10)}-0${1 + (i % 9)}-15`,
      });
      documents[i] = { id: document.id, text };
    },
  );
  const perDocument = annotations / DOCUMENTS;
  const items: Record<string, unknown>[] = [];
  let rows = 0;
  for (const document of documents) {
    const starts: number[] = [];
    for (let i = 0; i < document.text.length; i++) {
      if (i === 0 || document.text[i - 1] === " ") starts.push(i);
    }
    const passages: Passage[] = Array.from({ length: perDocument }, (_, k) => {
      const start = pick(starts);
      let end = Math.min(document.text.length, start + 15 + Math.floor(rand() * 250));
      while (end < document.text.length && /\S/.test(document.text[end]!)) end++;
      const tags = [...new Set(rand() < 0.25 ? [pick(CODES), pick(CODES)] : [pick(CODES)])];
      rows += tags.length;
      const note =
        rand() < 0.3 ? `Corroborates interview ${k}, see "annex", p. ${1 + (k % 40)}` : "";
      return { start, end, tags, note };
    });
    const built = annotationItems(workspaceId, document.id, document.text, passages);
    items.push(...built.items);
    await Document.adjustCounts(ctx, workspaceId, document.id, built.counts);
  }
  return { rows, items };
}

/** The cached corpus, seeded first when missing (a few minutes, once). */
export async function exportCorpus(): Promise<ExportCorpus> {
  const dataDir = join(RESULTS, `data-export-${SEED}`);
  const marker = join(dataDir, "bench.json");
  if (existsSync(marker)) return JSON.parse(await readFile(marker, "utf8"));
  console.log(`Seeding the export corpus into ${dataDir} (once)…`);
  const started = Date.now();
  const { services, ctx } = await openStorage(dataDir, { fresh: true });
  const rand = random(SEED);
  const corpus: ExportCorpus = { dataDir, workspaces: [] };
  const items: Record<string, unknown>[] = [];
  try {
    for (const size of SIZES) {
      const workspace = await Workspace.create(ctx, User.LOCAL_OWNER, {
        name: `Export benchmark, ${size} passages`,
      });
      const seeded = await seedWorkspace(ctx, workspace.id, size, rand);
      items.push(...seeded.items);
      corpus.workspaces.push({
        id: workspace.id,
        annotations: size,
        rows: seeded.rows,
        documents: DOCUMENTS,
      });
    }
  } finally {
    await services.stop();
  }
  console.log(`  documents in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await writeItemsDirect(join(dataDir, "dynamodb"), TABLE, items, (written) =>
    process.stdout.write(`  ${written}/${items.length} annotations written\r`),
  );
  process.stdout.write("\n");
  await writeFile(marker, JSON.stringify(corpus, null, 2));
  console.log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return corpus;
}
