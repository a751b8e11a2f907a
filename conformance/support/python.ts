import { resolve } from "node:path";
import { expect } from "vitest";
import { runTool, type ToolResult } from "./tools.ts";

/** Runs one of the Python scripts beside this file with `input` on stdin. */
export function runPython(script: string, input: string | Buffer, args: string[] = []): ToolResult {
  return runTool("python3", [resolve(import.meta.dirname, script), ...args], input);
}

/** What Python's csv module and pandas each read from a CSV (read_csv.py). */
export interface CsvRead {
  csv: string[][];
  pandas: { columns: string[]; rows: string[][] };
}

/** Reads a CSV's bytes (or text, as UTF-8) with Python's csv module and pandas, as researchers do. */
export function readWithPython(csv: Uint8Array | string): CsvRead {
  const result = runPython(
    "read_csv.py",
    typeof csv === "string" ? Buffer.from(csv, "utf8") : Buffer.from(csv),
  );
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as CsvRead;
}

/**
 * A reference implementation's answers for `datasets` (a script here that reads them as JSON and
 * prints one answer per dataset), none when it failed; the run, for a test of its own that says
 * why.
 */
export function referenceAnswers<T>(
  script: string,
  datasets: unknown,
): { run: ToolResult; answers: T[] } {
  const run = runPython(script, JSON.stringify(datasets));
  return { run, answers: run.status === 0 ? (JSON.parse(run.stdout) as T[]) : [] };
}
