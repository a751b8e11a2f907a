/**
 * `npm run bench -- ingest`: ingestion quality on a corpus the project generates with known ground
 * truth (UN-style reports from tests/ingest/report-pdf.ts: numbered and indented paragraphs,
 * footnotes, alternating running headers, page-number footers, one and two columns), Gloss's
 * extraction side by side with pdftotext (poppler-utils) on the same PDFs, plus PDF extraction
 * time per page. The text-rule timings show canonicalisation stays linear on adversarial input.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { extract } from "@gloss/core/ingest";
import { canonicalize } from "@gloss/core/text";
import { makeReport, type ReportSpec } from "../../tests/ingest/report-pdf.ts";
import { unReportSpec } from "../../tests/ingest/un-report.ts";
import { finish, type Row } from "../lib/report.ts";
import { median } from "../lib/stats.ts";
import { bodyLinesRemoved, boundaryF1, footnotesKept, runningLeft, tokenF1 } from "./score.ts";

const PEER = "pdftotext";
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const CORPUS: Array<[string, ReportSpec]> = [
  ["numbered, 1 column", unReportSpec(40)],
  ["numbered, 2 columns", unReportSpec(40, { columns: 2 })],
  ["indented, 1 column", unReportSpec(40, { style: "indent" })],
  ["indented, 2 columns", unReportSpec(40, { style: "indent", columns: 2 })],
  ["long report, 2 columns", unReportSpec(160, { columns: 2 })],
];

interface Scores {
  tokenF1: number;
  boundaryF1: number;
  footnotesKept: number;
  runningLeft: number;
  bodyRemoved: number;
}

function score(
  text: string,
  paragraphs: string[],
  lines: string[],
  truth: Awaited<ReturnType<typeof makeReport>>["truth"],
): Scores {
  const all = truth.pages.flat();
  const footnotes = all.filter((p) => /^\[\d+\] /.test(p));
  return {
    tokenF1: tokenF1(text, all.join("\n\n")),
    boundaryF1: boundaryF1(paragraphs, all),
    footnotesKept: footnotesKept(paragraphs, footnotes),
    runningLeft: runningLeft(lines, truth.running.flat()),
    bodyRemoved: bodyLinesRemoved(text, truth.bodyLines.flat()),
  };
}

/** pdftotext's text, its paragraphs (blank-line separated) and lines. */
function pdftotext(file: string) {
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  const paragraphs = text
    .split(/\n\s*\n|\f/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean);
  return { text, paragraphs, lines: text.split(/\n|\f/) };
}

const ARTICLE =
  "The delegation’s “final” note — costing €4,500 … was filed in Zürich on 3–4 May. Œuvres • ™ were cited.";

/** windows-1252 bytes of text (every character must have one). */
function cp1252(text: string): Uint8Array {
  const high = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
  return Uint8Array.from(
    [...text].map((c) => (high.includes(c) ? 0x80 + high.indexOf(c) : c.charCodeAt(0))),
  );
}

/** [name, bytes, true text] of HTML pages in several encodings and declarations. */
function htmlEncodings(): Array<[string, Uint8Array, string]> {
  const page = (charset: string | null) =>
    `<!doctype html><html><head>${charset ? `<meta charset="${charset}">` : ""}<title>Note</title></head><body><article><h1>Note</h1><p>${ARTICLE}</p><p>${ARTICLE}</p></article></body></html>`;
  const utf8 = (text: string) => new TextEncoder().encode(text);
  // Readability drops the heading that repeats the title; the article's text is the truth.
  const truth = `${ARTICLE}\n\n${ARTICLE}`;
  return [
    ["windows-1252", cp1252(page("windows-1252")), truth],
    ["iso-8859-1", cp1252(page("iso-8859-1")), truth],
    ["undeclared legacy", cp1252(page(null)), truth],
    ["UTF-8 declared gb2312", utf8(page("gb2312")), truth],
  ];
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), "gloss-bench-ingest-"));
  const perFile: Record<
    string,
    { gloss: Scores; peer: Scores; pages: number; msPerPage: number[] }
  > = {};
  const rows: Row[] = [];
  try {
    for (const [name, spec] of CORPUS) {
      const { bytes, truth } = await makeReport(spec);
      const file = join(dir, `${name.replace(/\W+/g, "-")}.pdf`);
      writeFileSync(file, bytes);
      const times: number[] = [];
      let result = await extract(bytes, "report.pdf");
      for (let r = 0; r < RUNS; r++) {
        const started = performance.now();
        result = await extract(bytes, "report.pdf");
        times.push((performance.now() - started) / truth.pages.length);
      }
      const paragraphs = result.text.split("\n\n");
      const gloss = score(result.text, paragraphs, paragraphs, truth);
      const peerOut = pdftotext(file);
      const peer = score(peerOut.text, peerOut.paragraphs, peerOut.lines, truth);
      perFile[name] = { gloss, peer, pages: truth.pages.length, msPerPage: times };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const files = Object.values(perFile);
  const worst = (pick: (s: Scores) => number, of: "gloss" | "peer", max = false) =>
    files.reduce(
      (acc, f) => (max ? Math.max(acc, pick(f[of])) : Math.min(acc, pick(f[of]))),
      max ? 0 : 1,
    );
  const pct = (v: number) => Math.round(v * 1000) / 10;
  const tokenWins = files.every((f) => f.gloss.tokenF1 >= f.peer.tokenF1);
  /** A score of the worst file, Gloss's beside pdftotext's (`max`: the highest is the worst). */
  const worstFile = (measure: string, pick: (s: Scores) => number, max = false): Row => ({
    suite: "ingest",
    measure,
    value: pct(worst(pick, "gloss", max)),
    unit: "%",
    peer: { name: PEER, value: pct(worst(pick, "peer", max)) },
  });
  rows.push(
    {
      ...worstFile("PDF token F1, worst file", (s) => s.tokenF1),
      target: "≥ pdftotext on every file",
      met: tokenWins,
    },
    {
      ...worstFile("PDF paragraph-boundary F1, worst file", (s) => s.boundaryF1),
      target: "≥ 95%",
      met: worst((s) => s.boundaryF1, "gloss") >= 0.95,
    },
    worstFile("PDF footnotes kept as their own paragraphs, worst file", (s) => s.footnotesKept),
    {
      ...worstFile("PDF running header/footer lines left, worst file", (s) => s.runningLeft, true),
      target: "≤ 2%",
      met: worst((s) => s.runningLeft, "gloss", true) <= 0.02,
    },
    {
      suite: "ingest",
      measure: "PDF body lines wrongly removed, all files",
      value: files.reduce((n, f) => n + f.gloss.bodyRemoved, 0),
      unit: "count",
      peer: { name: PEER, value: files.reduce((n, f) => n + f.peer.bodyRemoved, 0) },
      target: "0",
      met: files.every((f) => f.gloss.bodyRemoved === 0),
    },
    {
      suite: "ingest",
      measure: "PDF extraction per page (long report)",
      value: Math.round(median(perFile["long report, 2 columns"]!.msPerPage) * 10) / 10,
      unit: "ms",
      target: "≤ 60 ms",
      met: median(perFile["long report, 2 columns"]!.msPerPage) <= 60,
    },
  );
  // HTML news pages in legacy and mis-declared encodings: the text must survive whole.
  const htmlF1: Record<string, number> = {};
  for (const [name, bytes, truth] of htmlEncodings()) {
    htmlF1[name] = tokenF1((await extract(bytes, "page.html")).text, truth);
  }
  const worstHtml = Math.min(...Object.values(htmlF1));
  rows.push({
    suite: "ingest",
    measure: "HTML in legacy/mis-declared encodings, worst token F1",
    value: pct(worstHtml),
    unit: "%",
    target: "100%",
    met: worstHtml === 1,
  });
  // Canonical text on adversarial white space at the maximum text length (5 M characters).
  const adversarial: Record<string, number> = {};
  for (const [name, unit] of [
    ["spaces", " "],
    ["space and tab", " \t"],
    ["newline and space", "\n "],
    ["soft hyphens", "\u00AD"],
  ] as const) {
    const input = unit.repeat(Math.floor(5_000_000 / unit.length));
    const started = performance.now();
    canonicalize(input);
    adversarial[name] = Math.round(performance.now() - started);
  }
  rows.push({
    suite: "ingest",
    measure: "canonicalise 5 M characters of white space, slowest shape",
    value: Math.max(...Object.values(adversarial)),
    unit: "ms",
  });
  return finish("ingest", rows, {
    runs: RUNS,
    perFile,
    htmlTokenF1: htmlF1,
    canonicalAdversarialMs: adversarial,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
