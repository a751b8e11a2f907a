/**
 * `npm run bench`: every suite, one after the other, each in its own process (so one suite's heap
 * and open handles never weigh on the next), then one table of all figures, also written to
 * bench/results/bench-<date>.json and bench-latest.json. `npm run bench -- reanchor lambda` runs
 * some suites only.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { loadLatest, machine, RESULTS, ROOT, type Row, saveResult, table } from "./lib/report.ts";

const SUITES = [
  "reanchor",
  "export",
  "api",
  "lambda",
  "reader",
  "ingest",
  "search",
  "agreement",
  "codebook",
] as const;

function runSuite(suite: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      join(ROOT, "node_modules/.bin/tsx"),
      [join(ROOT, `bench/${suite}/run.ts`)],
      {
        cwd: ROOT,
        stdio: "inherit",
        env: {
          ...process.env,
          GLOSS_LOG: "silent",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
      },
    );
    child.once("exit", (code) => resolve(code));
  });
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s)) : [...SUITES];
const started = Date.now();
const rows: Row[] = [];
const failed: string[] = [];
const seconds: Record<string, number> = {};
for (const suite of suites) {
  console.log(`\n=== ${suite} ===`);
  const suiteStarted = Date.now();
  const code = await runSuite(suite);
  seconds[suite] = Math.round((Date.now() - suiteStarted) / 1000);
  const result = code === 0 ? await loadLatest(suite) : null;
  if (!result) {
    failed.push(suite);
    continue;
  }
  rows.push(...result.rows);
}
const total = Math.round((Date.now() - started) / 1000);
const file = await saveResult({
  suite: "bench",
  date: new Date().toISOString(),
  machine: machine(),
  rows,
  details: { suites, failed, seconds, totalSeconds: total },
});
console.log(`\n=== All suites (${total} s) ===\n\n${table(rows)}\n`);
console.log(`Figures written to ${file} (each suite's details in ${RESULTS}/<suite>-latest.json)`);
if (failed.length) {
  console.error(`Failed: ${failed.join(", ")}`);
  process.exit(1);
}
