/**
 * `npm run bench:reader:early [-- --baseline DIR]`: scrolling straight after the first paint,
 * before the idle layout of the rest of the text has finished (issue 16). The same ~1 MB report
 * with 0, 5,000 and 20,000 annotations as `bench:reader`; the page is scrolled as soon as the
 * highlights are painted, 300 px a frame for 120 frames, so most of the stretch scrolled through
 * is not laid out yet.
 *
 * With `--baseline DIR` (a `vite build` of another commit, e.g. the merge base), that build is
 * measured in the same run, runs alternating with the current build's, served through the
 * browser's request interception so that both talk to one runtime and one data set
 * (`--current DIR` serves the current build from a copy too, so that a rebuild of
 * packages/web/dist meanwhile cannot change it). Timings on a
 * loaded machine move together: compare the two columns, not runs of different days.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../tests/support/browser-server.ts";
import { finish, ROOT, type Row } from "../lib/report.ts";
import { startRuntime } from "../lib/services.ts";
import { median, percentile } from "../lib/stats.ts";
import { DATA_DIR, scrollFrames, seed } from "./run.ts";

const COUNTS = (process.env.BENCH_COUNTS ?? "0,5000,20000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_P95_MS = 20;

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};

/** Serves `dir` (a reader build) in place of the runtime's own, API calls excepted. */
async function useBuild(page: Page, dir: string): Promise<void> {
  await page.route(
    (url) => !url.pathname.startsWith("/api/"),
    async (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = extname(path) ? join(dir, path.replace(/\.\./g, "")) : join(dir, "index.html");
      try {
        const body = await readFile(file);
        await route.fulfill({
          body,
          contentType: TYPES[extname(file)] ?? "application/octet-stream",
        });
      } catch {
        await route.fulfill({ status: 404 });
      }
    },
  );
}

interface EarlyFigures {
  p95: number[];
  median: number[];
  longTasks: number[];
  /** Runs in which the idle layout had not finished when the scroll ended. */
  unfinished: number;
  /** Runs in which it had finished before the scroll began (not an early scroll after all). */
  laidOutFirst: number;
}

async function measure(
  browser: Browser,
  url: string,
  docId: string,
  count: number,
  build: string | null,
  figures: EarlyFigures,
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  if (build) await useBuild(page, build);
  await page.goto(`${url}/d/${docId}`);
  await page.waitForFunction(
    () => performance.getEntriesByName("gloss:highlights-painted").length > 0,
    undefined,
    { timeout: 180_000, polling: 16 },
  );
  // The sidebar's first render (thousands of cards, after the highlights) is not layout: scrolled
  // once it is on screen, two frames later.
  await page.waitForFunction(
    (n) => n === 0 || document.querySelector(".ann-card") !== null,
    count,
    { timeout: 180_000, polling: 16 },
  );
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  if (await page.evaluate(() => performance.getEntriesByName("gloss:text-laid-out").length > 0)) {
    figures.laidOutFirst += 1;
  }
  const { frames, longTasks } = await scrollFrames(page);
  figures.p95.push(percentile(frames, 95));
  figures.median.push(median(frames));
  figures.longTasks.push(longTasks);
  const laidOut = await page.evaluate(
    () => performance.getEntriesByName("gloss:text-laid-out").length > 0,
  );
  if (!laidOut) figures.unfinished += 1;
  await page.close();
}

export async function run() {
  const option = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1]! : null;
  };
  const baseline = option("--baseline");
  const current = option("--current");
  const documents = await seed(DATA_DIR);
  if (!process.argv.includes("--no-build")) {
    execFileSync("npm", ["run", "build", "-w", "@gloss/web"], { cwd: ROOT, stdio: "ignore" });
  }
  const runtime = await startRuntime(DATA_DIR);
  const browser = await launchChromium();
  const builds: [string, string | null][] = [["current", current]];
  if (baseline) builds.unshift(["baseline", baseline]);
  const results: Record<string, Record<number, EarlyFigures>> = {};
  try {
    for (const count of COUNTS) {
      for (const [name] of builds) {
        results[name] ??= {};
        results[name][count] = {
          p95: [],
          median: [],
          longTasks: [],
          unfinished: 0,
          laidOutFirst: 0,
        };
      }
      for (let i = 0; i < RUNS; i++) {
        for (const [name, dir] of builds) {
          await measure(
            browser,
            runtime.url,
            documents[count]!,
            count,
            dir,
            results[name]![count]!,
          );
        }
      }
      for (const [name] of builds) {
        const f = results[name]![count]!;
        console.log(`  ${name}, ${count}: p95 ${f.p95.map((t) => t.toFixed(1)).join(", ")} ms`);
      }
    }
  } finally {
    await browser.close();
    await runtime.stop();
  }
  const rows: Row[] = [];
  for (const count of COUNTS) {
    const current = results.current![count]!;
    const base = results.baseline?.[count];
    const p95 = median(current.p95);
    rows.push({
      suite: "reader-early",
      measure: `${count / 1000}k annotations: scroll before the idle layout, frame p95`,
      value: p95,
      unit: "ms",
      ...(base ? { peer: { name: "baseline build", value: median(base.p95) } } : {}),
      ...(base ? { ratio: median(base.p95) / p95 } : {}),
      target: `≤ ${TARGET_P95_MS} ms`,
      met: p95 <= TARGET_P95_MS,
    });
    rows.push({
      suite: "reader-early",
      measure: `${count / 1000}k annotations: long tasks while scrolling before the idle layout`,
      value: median(current.longTasks),
      unit: "count",
      ...(base ? { peer: { name: "baseline build", value: median(base.longTasks) } } : {}),
    });
  }
  return await finish("reader-early", rows, { runs: RUNS, baseline, results });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
