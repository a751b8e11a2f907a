/**
 * `npm run bench:reanchor`: 5,000 passages of a ~1 MB report re-anchored onto a seeded new
 * edition of it (bench/reanchor/edit.ts), by Gloss's pure anchoring (`reanchorWith` in
 * packages/core/src/text/anchor/) and by the Hypothesis client's approach (./hypothesis.ts).
 * Every placement is judged against the edit model's ground truth.
 */
import { pathToFileURL } from "node:url";
import { type AnchorQuote, contextOf, diffEnds, reanchorWith } from "@gloss/core/text";
import { finish, type Row } from "../lib/report.ts";
import { median } from "../lib/stats.ts";
import { generate } from "../reader/generate.ts";
import { editText, truth } from "./edit.ts";
import { hypothesisAnchor } from "./hypothesis.ts";

const SEED = 20240611;
const EDIT_SEED = 7;
const COUNT = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The peer takes about a minute a run on this machine; one keeps `npm run bench` short. */
const PEER_RUNS = Number(process.env.BENCH_PEER_RUNS ?? 1);
/** A placement this close to the true span (intersection over union) is correct. */
const CORRECT_IOU = 0.8;

export interface Outcome {
  correct: number;
  /** Placed on the passage, boundaries off (0 < IoU < CORRECT_IOU). */
  imprecise: number;
  /** Orphaned although its text is still there. */
  orphaned: number;
  /** Placed on other words: no overlap with the passage (or the passage is gone). */
  misplaced: number;
  /** Passages the edit model removed (orphaning them is correct). */
  gone: number;
}

type Placement = { start: number; end: number } | null;

function judge(
  placements: Placement[],
  expected: Array<{ start: number; end: number } | null>,
  survivors: (i: number, p: { start: number; end: number }) => boolean,
): Outcome {
  const outcome: Outcome = { correct: 0, imprecise: 0, orphaned: 0, misplaced: 0, gone: 0 };
  placements.forEach((placed, i) => {
    const want = expected[i]!;
    if (!want) outcome.gone++;
    if (!placed) {
      if (want) outcome.orphaned++;
      else outcome.correct++;
      return;
    }
    if (!want) {
      // What survived of a removed passage is still its text; anywhere else is wrong.
      if (survivors(i, placed)) outcome.imprecise++;
      else outcome.misplaced++;
      return;
    }
    const overlap = Math.max(
      0,
      Math.min(placed.end, want.end) - Math.max(placed.start, want.start),
    );
    const union = Math.max(placed.end, want.end) - Math.min(placed.start, want.start);
    const iou = overlap / union;
    if (iou >= CORRECT_IOU) outcome.correct++;
    else if (iou > 0) outcome.imprecise++;
    else outcome.misplaced++;
  });
  return outcome;
}

export async function run() {
  const { text: oldText, annotations } = generate(SEED, 1_000_000, COUNT);
  const edited = editText(oldText, EDIT_SEED);
  const newText = edited.text;
  const selectors: AnchorQuote[] = annotations.map((a) => ({
    start: a.start,
    end: a.end,
    exact: oldText.slice(a.start, a.end),
    ...contextOf(oldText, a.start, a.end),
  }));
  const expected = selectors.map((s) => truth(edited.map, s.start, s.end));
  const survivors = (i: number, p: { start: number; end: number }) => {
    const s = selectors[i]!;
    for (let k = s.start; k < s.end; k++) {
      const to = edited.map[k]!;
      if (to >= p.start && to < p.end) return true;
    }
    return false;
  };
  const unchanged = selectors.filter((s) => newText.slice(s.start, s.end) === s.exact).length;
  console.log(
    `Re-anchoring ${COUNT} passages: ${(oldText.length / 1e6).toFixed(2)} M → ${(newText.length / 1e6).toFixed(2)} M characters, ` +
      `${edited.counts.edited} paragraphs edited (${edited.counts.wordEdits} word edits), ${edited.counts.deleted} deleted, ` +
      `${edited.counts.moved} moved, ${edited.counts.inserted} new; ${expected.filter((e) => !e).length} passages gone, ` +
      `${unchanged} still at their old offsets`,
  );

  const time = (anchor: () => Placement[], runs: number) => {
    const times: number[] = [];
    const cpu: number[] = [];
    let placements: Placement[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      placements = anchor();
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpuStarted);
      cpu.push((used.user + used.system) / 1000);
    }
    return { times, cpu, placements };
  };
  const gloss = time(() => {
    // The diff is part of the work: it is computed once per document version.
    const change = diffEnds(oldText, newText);
    return selectors.map((s) => reanchorWith(change, newText, s));
  }, RUNS);
  console.log(`  Gloss: ${gloss.times.map((t) => t.toFixed(0)).join(", ")} ms`);
  const peer = time(() => selectors.map((s) => hypothesisAnchor(newText, s)), PEER_RUNS);
  console.log(`  Hypothesis: ${peer.times.map((t) => t.toFixed(0)).join(", ")} ms`);

  const glossOutcome = judge(gloss.placements, expected, survivors);
  const peerOutcome = judge(peer.placements, expected, survivors);
  const share = (n: number) => (100 * n) / COUNT;
  const glossMs = median(gloss.times);
  const peerMs = median(peer.times);
  const PEER = "Hypothesis matchQuote";
  const rows: Row[] = [
    {
      suite: "reanchor",
      measure: `time, ${COUNT} passages onto edited 1 MB`,
      value: glossMs,
      unit: "ms",
      peer: { name: PEER, value: peerMs },
      ratio: peerMs / glossMs,
    },
    {
      suite: "reanchor",
      // The speed target is judged on CPU time: on a shared machine wall time also counts the
      // other processes' work, unequally between runs (bench/README.md).
      measure: "CPU time, same work",
      value: median(gloss.cpu),
      unit: "ms",
      peer: { name: PEER, value: median(peer.cpu) },
      ratio: median(peer.cpu) / median(gloss.cpu),
      target: "≥ 2× faster",
      met: median(peer.cpu) / median(gloss.cpu) >= 2,
    },
    {
      suite: "reanchor",
      measure: "correctly placed or rightly orphaned",
      value: share(glossOutcome.correct),
      unit: "%",
      peer: { name: PEER, value: share(peerOutcome.correct) },
      target: "≥ peer",
      met: glossOutcome.correct >= peerOutcome.correct,
    },
    {
      suite: "reanchor",
      measure: "on the passage, boundaries off",
      value: share(glossOutcome.imprecise),
      unit: "%",
      peer: { name: PEER, value: share(peerOutcome.imprecise) },
    },
    {
      suite: "reanchor",
      measure: "orphaned though still there",
      value: share(glossOutcome.orphaned),
      unit: "%",
      peer: { name: PEER, value: share(peerOutcome.orphaned) },
    },
    {
      suite: "reanchor",
      measure: "misplaced (on other words)",
      value: share(glossOutcome.misplaced),
      unit: "%",
      peer: { name: PEER, value: share(peerOutcome.misplaced) },
      target: "0",
      met: glossOutcome.misplaced === 0,
    },
  ];
  return finish("reanchor", rows, {
    inputs: {
      seed: SEED,
      editSeed: EDIT_SEED,
      oldLength: oldText.length,
      newLength: newText.length,
      passages: COUNT,
      gone: expected.filter((e) => !e).length,
      stillAtOldOffsets: unchanged,
      edits: edited.counts,
      correctIou: CORRECT_IOU,
    },
    gloss: { timesMs: gloss.times, cpuMs: gloss.cpu, outcome: glossOutcome },
    hypothesis: { timesMs: peer.times, cpuMs: peer.cpu, outcome: peerOutcome },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
