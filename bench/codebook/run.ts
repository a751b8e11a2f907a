/**
 * `npx tsx bench/codebook/run.ts`: merging a code used on BENCH_MERGE_PASSAGES passages (10k by
 * default, the figure) against the embedded DynamoDB, with its time and the DynamoDB
 * requests it sends; and the findings roll-up (pure) over BENCH_ROLLUP_PASSAGES (100k) passages on
 * a 60-code tree, beside the flat `computeFindings` on the same passages.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Codebook from "@gloss/core/codebook";
import * as Document from "@gloss/core/document";
import { computeFindings, rollUp } from "@gloss/core/findings";
import * as User from "@gloss/core/user";
import { random } from "../lib/random.ts";
import { finish, type Row } from "../lib/report.ts";
import { countRequests, totalRequests } from "../lib/requests.ts";
import { annotateInBulk } from "../lib/seed.ts";
import { openStorage } from "../lib/services.ts";

const MERGE_PASSAGES = Number(process.env.BENCH_MERGE_PASSAGES ?? 10_000);
const ROLLUP_PASSAGES = Number(process.env.BENCH_ROLLUP_PASSAGES ?? 100_000);

async function mergeBench(rows: Row[]) {
  const { services, ctx } = await openStorage(join(tmpdir(), "gloss-bench-codebook"), {
    fresh: true,
  });
  const ws = "ws_benchcodebook";
  await Codebook.seedDefaults(ctx, ws);
  const text = "word ".repeat(MERGE_PASSAGES + 10);
  const doc = await Document.create(ctx, ws, User.LOCAL_OWNER.id, { title: "Bench", text });
  const rand = random(18);
  const passages = Array.from({ length: MERGE_PASSAGES }, (_, i) => ({
    start: i * 5,
    end: i * 5 + 4,
    // Every passage has the merged code; a quarter has the target too.
    tags: rand() < 0.25 ? ["torture", "sexual-violence"] : ["torture"],
    note: "",
  }));
  await annotateInBulk(ctx, ws, doc.id, text, passages);
  const counts = countRequests(ctx);
  const started = performance.now();
  const result = await Codebook.merge(ctx, ws, "torture", "sexual-violence");
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `merge of ${MERGE_PASSAGES} passages: ${seconds.toFixed(1)} s`,
    counts,
    result.annotationsChanged,
  );
  rows.push(
    {
      suite: "codebook",
      measure: `merge a code on ${MERGE_PASSAGES} passages`,
      value: seconds,
      unit: "s",
    },
    {
      suite: "codebook",
      measure: "merge: DynamoDB requests",
      value: totalRequests(counts),
      unit: "count",
    },
  );
  await services.stop?.();
  return counts;
}

function rollupBench(rows: Row[]) {
  const rand = random(20261202);
  const codes = Array.from({ length: 60 }, (_, i) => ({
    id: `c${i}`,
    label: `Code ${i}`,
    parentId: i < 6 ? null : `c${Math.floor(rand() * i)}`,
    position: i,
  }));
  const annotations = Array.from({ length: ROLLUP_PASSAGES }, (_, i) => ({
    id: `a${i}`,
    documentId: `d${Math.floor(rand() * 200)}`,
    start: i,
    end: i + 5,
    tags: [`c${Math.floor(rand() * 60)}`, ...(rand() < 0.3 ? [`c${Math.floor(rand() * 60)}`] : [])],
    createdBy: "u",
    createdAt: "2026-01-01T00:00:00Z",
  }));
  const ancestors = Codebook.ancestorsOfCodes(codes);
  let t = performance.now();
  rollUp(annotations, ancestors);
  const rolled = performance.now() - t;
  t = performance.now();
  computeFindings(annotations);
  const flat = performance.now() - t;
  console.log(
    `roll-up over ${ROLLUP_PASSAGES}: ${rolled.toFixed(0)} ms; flat findings ${flat.toFixed(0)} ms`,
  );
  rows.push({
    suite: "codebook",
    measure: `findings roll-up, ${ROLLUP_PASSAGES} passages, 60-code tree`,
    value: rolled,
    unit: "ms",
    peer: { name: "flat computeFindings", value: flat },
  });
}

const rows: Row[] = [];
rollupBench(rows);
const requests = await mergeBench(rows);
await finish("codebook", rows, { requests, MERGE_PASSAGES, ROLLUP_PASSAGES });
process.exit(0);
