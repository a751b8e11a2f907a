import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const RESULTS = join(ROOT, "bench/results");

/** One line of the benchmark table. */
export interface Row {
  suite: string;
  measure: string;
  /** Gloss's figure (a median unless the measure says otherwise). */
  value: number;
  unit: "ms" | "s" | "%" | "rows/s" | "req/s" | "MB" | "KB" | "px" | "count";
  /** The peer's figure on the same inputs in the same run, and its name. */
  peer?: { name: string; value: number };
  /** peer / Gloss: for times, how many times faster Gloss is. */
  ratio?: number;
  /** The target in words (`≤ 300 ms`, `≥ 3×`), and whether this run met it. */
  target?: string;
  met?: boolean;
}

export interface SuiteResult {
  suite: string;
  date: string;
  machine: { cpus: number; model: string; memoryGB: number; node: string; loadAverage: number[] };
  rows: Row[];
  /** Everything else worth keeping: every run's figures, inputs, versions. */
  details: Record<string, unknown>;
}

export function machine(): SuiteResult["machine"] {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    // Other work on the machine slows wall-clock figures; this says how busy it was.
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** Writes `<suite>-<date>.json` and `<suite>-latest.json` under bench/results/. */
export async function saveResult(result: SuiteResult): Promise<string> {
  await mkdir(RESULTS, { recursive: true });
  const body = `${JSON.stringify(result, null, 2)}\n`;
  const file = join(RESULTS, `${result.suite}-${result.date.replace(/[:.]/g, "-")}.json`);
  await writeFile(file, body);
  await writeFile(join(RESULTS, `${result.suite}-latest.json`), body);
  return file;
}

export async function loadLatest(suite: string): Promise<SuiteResult | null> {
  try {
    return JSON.parse(await readFile(join(RESULTS, `${suite}-latest.json`), "utf8"));
  } catch {
    return null;
  }
}

/** A figure with its unit, to three significant digits or so. */
export function formatValue(value: number, unit: Row["unit"]): string {
  if (!Number.isFinite(value)) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const n = value.toLocaleString("en-GB", {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
  return unit === "count" ? n : unit === "%" ? `${n} %` : `${n} ${unit}`;
}

/** The rows as one Markdown table. */
export function table(rows: Row[]): string {
  const lines = [
    ["suite", "measure", "Gloss", "peer", "peer/Gloss", "target"],
    ...rows.map((r) => [
      r.suite,
      r.measure,
      formatValue(r.value, r.unit),
      r.peer ? `${formatValue(r.peer.value, r.unit)} (${r.peer.name})` : "",
      r.ratio !== undefined && Number.isFinite(r.ratio) ? `${r.ratio.toFixed(1)}×` : "",
      r.target ? `${r.target} ${r.met ? "✓" : "✗"}` : "",
    ]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    fmt(lines[0]!),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...lines.slice(1).map(fmt),
  ].join("\n");
}

/** Saves a suite's result and prints its table. */
export async function finish(
  suite: string,
  rows: Row[],
  details: Record<string, unknown>,
): Promise<SuiteResult> {
  const result: SuiteResult = {
    suite,
    date: new Date().toISOString(),
    machine: machine(),
    rows,
    details,
  };
  const file = await saveResult(result);
  console.log(`\n${table(rows)}\n\nFigures written to ${file}`);
  return result;
}
