/**
 * `npm run bench:agreement`: a round's agreement at each unit (characters, sentences, paragraphs)
 * on the study size: 10 coders × 200 documents of ~20,000 characters × 20,000 passages ×
 * 10 codes, all coders and all 45 pairs, 1,000 bootstrap resamples, αu included. In process, on
 * texts and passages in memory (the storage reads are the api suite's cost), so it measures the
 * pure functions a round's agreement endpoint runs. Memory: the peak RSS over the runs.
 */
import { pathToFileURL } from "node:url";
import { agreement, type CodedPassage, type DocumentCoding } from "@gloss/core/agreement";
import { random } from "../lib/random.ts";
import { finish, type Row } from "../lib/report.ts";
import { median } from "../lib/stats.ts";

const CODERS = Number(process.env.BENCH_AGREEMENT_CODERS ?? 10);
const DOCS = Number(process.env.BENCH_AGREEMENT_DOCS ?? 200);
const PASSAGES = Number(process.env.BENCH_AGREEMENT_PASSAGES ?? 20_000);
const CHARS = Number(process.env.BENCH_AGREEMENT_CHARS ?? 20_000);
const CODES = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_MS = 5_000;

const WORDS = (
  "the workers said their passports were taken on arrival broker charged fee dollars guards " +
  "locked dormitory night wages paid late several left after months réfugiés l'armée 😀 𠀋 " +
  "recruiters border factory contract debt police supervisor journey detained escaped camp"
).split(" ");

/** Paragraphs of sentences of words; passages follow a shared "truth" with jittered ends. */
function study(): { coders: string[]; codes: string[]; documents: DocumentCoding[] } {
  const rand = random(20261202);
  const coders = Array.from({ length: CODERS }, (_, i) => `usr_${i}`);
  const codes = Array.from({ length: CODES }, (_, i) => `code-${i}`);
  const documents: DocumentCoding[] = [];
  const perDoc = Math.round(PASSAGES / DOCS);
  for (let d = 0; d < DOCS; d++) {
    const paragraphs: string[] = [];
    let length = 0;
    while (length < CHARS) {
      const sentences: string[] = [];
      for (let s = 0, n = 2 + Math.floor(rand() * 5); s < n; s++) {
        const words: string[] = [];
        for (let w = 0, k = 6 + Math.floor(rand() * 18); w < k; w++) {
          words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
        }
        const sentence = `${words.join(" ")}.`;
        sentences.push(sentence[0]!.toUpperCase() + sentence.slice(1));
      }
      const paragraph = sentences.join(" ");
      paragraphs.push(paragraph);
      length += paragraph.length + 2;
    }
    const text = paragraphs.join("\n\n");
    const passages: CodedPassage[] = [];
    for (let p = 0; p < perDoc; p++) {
      const coder = coders[Math.floor(rand() * CODERS)]!;
      const start = Math.floor(rand() * (text.length - 400));
      const end = start + 20 + Math.floor(rand() * 300);
      // Never inside a surrogate pair, as the API guarantees.
      const fix = (i: number) => (/[\uDC00-\uDFFF]/.test(text[i] ?? "") ? i + 1 : i);
      passages.push({
        coder,
        start: fix(start),
        end: fix(end),
        tags: [codes[Math.floor(rand() * CODES)]!],
      });
    }
    documents.push({ text, passages, judgedBy: coders });
  }
  return { coders, codes, documents };
}

export async function run() {
  const input = study();
  const rows: Row[] = [];
  const runs: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  let peakRss = process.memoryUsage().rss;
  for (const granularity of ["character", "sentence", "paragraph"] as const) {
    runs[granularity] = [];
    cpu[granularity] = [];
    for (let r = 0; r < RUNS; r++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      agreement(input, { granularity, overlap: 0.5, bootstrapSamples: 1000, seed: 1 });
      runs[granularity].push(performance.now() - started);
      const used = process.cpuUsage(cpuStarted);
      // CPU time as well: on this shared machine wall-clock varies 2× with the load.
      cpu[granularity].push((used.user + used.system) / 1000);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const ms = median(runs[granularity]);
    rows.push({
      suite: "agreement",
      measure: `${CODERS} coders × ${DOCS} docs × ${PASSAGES} passages, ${granularity}s`,
      value: Math.round(ms),
      unit: "ms",
      target: "≤ 5 s",
      met: ms <= TARGET_MS,
    });
    rows.push({
      suite: "agreement",
      measure: `  ${granularity}s, CPU time`,
      value: Math.round(median(cpu[granularity])),
      unit: "ms",
    });
  }
  rows.push({
    suite: "agreement",
    measure: "peak RSS over all runs",
    value: Math.round(peakRss / 1e6),
    unit: "MB",
  });
  await finish("agreement", rows, {
    coders: CODERS,
    documents: DOCS,
    passages: PASSAGES,
    characters: CHARS,
    codes: CODES,
    runs,
    cpu,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
