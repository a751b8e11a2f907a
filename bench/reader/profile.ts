/**
 * `npx tsx bench/reader/profile.ts [count…] [--no-build] [--cpu]`: what the reader does between
 * "data loaded" and "highlights painted" (and around a create), for finding per-page costs.
 *
 * Opens the bench's seeded documents (run `npm run bench:reader` once to seed them) in headless
 * Chromium and prints, on one time line from navigation: the reader's performance marks, every
 * request (start → end), and every long task. `--cpu` adds the heaviest functions by self time
 * between the two marks (a CDP CPU profile). Not a benchmark: one page, no statistics.
 */
import { execFileSync } from "node:child_process";
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchChromium } from "../../tests/support/browser-server.ts";
import { RESULTS, ROOT } from "../lib/report.ts";
import { startRuntime } from "../lib/services.ts";
import { between, createPassage, deleteFocused } from "./page.ts";

const SEED = 20240611;
const SIZE = 1_000_000;
const args = process.argv.slice(2);
const counts = args
  .filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--summary" && args[i - 1] !== "--ab")
  .map(Number);
const CPU = args.includes("--cpu");
const CREATE = args.includes("--create");
const TRACE = args.includes("--trace");
/**
 * `--ab A,B`: builds already copied into packages/web/dist as index-A.html and index-B.html (their
 * assets side by side); pages alternate between them, so both are measured under the same load.
 */
const AB = args.includes("--ab") ? args[args.indexOf("--ab") + 1]!.split(",") : [""];
/** `--summary N`: N fresh pages per count, printing only loaded → painted (and create) times. */
const SUMMARY = args.includes("--summary") ? Number(args[args.indexOf("--summary") + 1]) : 0;

interface TimelineEntry {
  at: number;
  what: string;
}

async function timeline(page: Page): Promise<TimelineEntry[]> {
  return page.evaluate(() => {
    const rows: { at: number; what: string }[] = [];
    for (const m of performance.getEntriesByType("mark"))
      rows.push({ at: m.startTime, what: m.name });
    for (const r of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
      const path = new URL(r.name).pathname + new URL(r.name).search;
      rows.push({
        at: r.startTime,
        what: `request ${path.slice(0, 90)} → ${(r.responseEnd - r.startTime).toFixed(0)} ms`,
      });
    }
    for (const t of (window as unknown as { __longTasks: PerformanceEntry[] }).__longTasks) {
      rows.push({ at: t.startTime, what: `long task ${t.duration.toFixed(0)} ms` });
    }
    return rows.sort((a, b) => a.at - b.at);
  });
}

async function main() {
  const dataDir = join(RESULTS, `data-reader-${SEED}-${SIZE}`);
  const ids = JSON.parse(await readFile(join(dataDir, "bench.json"), "utf8")) as Record<
    number,
    string
  >;
  if (!args.includes("--no-build")) {
    execFileSync("npm", ["run", "build", "-w", "@gloss/web"], { cwd: ROOT, stdio: "ignore" });
  }
  const runtime = await startRuntime(dataDir);
  const browser = await launchChromium();
  try {
    if (SUMMARY) {
      for (const count of counts.length ? counts : [0, 5_000]) {
        const paint: Record<string, number[]> = {};
        const created: Record<string, number[]> = {};
        const saved: Record<string, number[]> = {};
        for (let run = 0; run < SUMMARY * AB.length; run++) {
          const build = AB[run % AB.length]!;
          if (build) {
            const dist = join(ROOT, "packages/web/dist");
            await copyFile(join(dist, `index-${build}.html`), join(dist, "index.html"));
          }
          for (const record of [paint, created, saved]) record[build] ??= [];
          const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
          await page.goto(`${runtime.url}/d/${ids[count]}`);
          await page.waitForFunction(
            () => performance.getEntriesByName("gloss:highlights-painted").length > 0,
            undefined,
            { timeout: 180_000 },
          );
          paint[build]!.push(
            await between(page, "gloss:annotations-loaded", "gloss:highlights-painted"),
          );
          if (CREATE) {
            const { visibleMs, savedMs } = await createPassage(page);
            created[build]!.push(visibleMs);
            saved[build]!.push(savedMs);
            await deleteFocused(page);
          }
          await page.close();
        }
        const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(" ");
        for (const build of AB) {
          console.log(
            `${count}${build ? ` ${build}` : ""}: painted ${fmt(paint[build]!)}${CREATE ? ` · visible ${fmt(created[build]!)} · saved ${fmt(saved[build]!)}` : ""}`,
          );
        }
      }
      return;
    }
    for (const count of counts.length ? counts : [0, 5_000]) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.addInitScript(() => {
        const tasks: PerformanceEntry[] = [];
        (window as unknown as { __longTasks: PerformanceEntry[] }).__longTasks = tasks;
        new PerformanceObserver((list) => tasks.push(...list.getEntries())).observe({
          type: "longtask",
          buffered: true,
        });
      });
      const cdp = await page.context().newCDPSession(page);
      if (CPU) {
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
        await cdp.send("Profiler.start");
      }
      const events: TraceEvent[] = [];
      if (TRACE) {
        cdp.on("Tracing.dataCollected", (e) =>
          events.push(...(e.value as unknown as TraceEvent[])),
        );
        await cdp.send("Tracing.start", {
          categories: "devtools.timeline,blink.user_timing,disabled-by-default-devtools.timeline",
          transferMode: "ReportEvents",
        });
      }
      await page.goto(`${runtime.url}/d/${ids[count]}`);
      await page.waitForFunction(
        () => performance.getEntriesByName("gloss:highlights-painted").length > 0,
        undefined,
        { timeout: 180_000 },
      );
      if (CREATE) {
        await page.waitForTimeout(1_500);
        await page.keyboard.press("s");
        await page.keyboard.press("t");
        await page.locator(".popover").waitFor();
        await page.keyboard.type("corr");
        if (CPU) {
          // Only the create: from Enter until it is visible.
          await cdp.send("Profiler.stop");
          await cdp.send("Profiler.start");
        }
        await page.keyboard.press("Enter");
        await page.waitForFunction(
          () => performance.getEntriesByName("gloss:create-visible").length > 0,
        );
        if (CPU) {
          const { profile } = await cdp.send("Profiler.stop");
          printHeaviest(profile, 0, Number.POSITIVE_INFINITY);
          await cdp.send("Profiler.start");
        }
        await page.waitForFunction(
          () => performance.getEntriesByName("gloss:create-saved").length > 0,
        );
        await page.waitForTimeout(300);
      }
      if (args.includes("--dom")) {
        console.log(
          await page.evaluate(() => {
            const byTag = new Map<string, number>();
            for (const el of document.querySelectorAll("*")) {
              const key = `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""}`;
              byTag.set(key, (byTag.get(key) ?? 0) + 1);
            }
            return [...byTag].sort((a, b) => b[1] - a[1]).slice(0, 15);
          }),
        );
      }
      const rows = await timeline(page);
      console.log(`\n=== ${count} annotations`);
      for (const row of rows) console.log(`${row.at.toFixed(1).padStart(9)}  ${row.what}`);
      if (CPU) {
        const { profile } = await cdp.send("Profiler.stop");
        const [from, to] = await page.evaluate(() => [
          performance.getEntriesByName("gloss:annotations-loaded")[0]!.startTime,
          performance.getEntriesByName("gloss:highlights-painted")[0]!.startTime,
        ]);
        printHeaviest(profile, from!, to!);
      }
      if (TRACE) {
        const done = new Promise<void>((resolve) =>
          cdp.once("Tracing.tracingComplete", () => resolve()),
        );
        await cdp.send("Tracing.end");
        await done;
        printTrace(
          events,
          CREATE ? "gloss:create-start" : "gloss:annotations-loaded",
          CREATE ? "gloss:create-visible" : "gloss:highlights-painted",
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await runtime.stop();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** Main-thread trace events between two user-timing marks: total duration by event name. */
function printTrace(events: TraceEvent[], from: string, to: string) {
  const mark = (name: string) => events.find((e) => e.name === name && e.ph !== "E")?.ts;
  const start = mark(from);
  const end = mark(to);
  if (start === undefined || end === undefined) {
    console.log(`  trace: marks ${from}/${to} not found`);
    return;
  }
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const byName = new Map<string, { ms: number; n: number }>();
  const slices: string[] = [];
  for (const e of events) {
    if (e.ph !== "X" || e.ts < start || e.ts > end || (main && e.tid !== main.tid)) continue;
    const row = byName.get(e.name) ?? { ms: 0, n: 0 };
    row.ms += (e.dur ?? 0) / 1000;
    row.n += 1;
    byName.set(e.name, row);
    if (
      (e.dur ?? 0) > 15_000 &&
      e.name !== "RunTask" &&
      e.name !== "ThreadControllerImpl::RunTask"
    ) {
      slices.push(
        `    +${((e.ts - start) / 1000).toFixed(0)} ms ${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)} ms ${JSON.stringify(e.args?.data ?? e.args ?? {}).slice(0, 160)}`,
      );
    }
  }
  console.log(
    `  trace ${from} → ${to}: ${((end - start) / 1000).toFixed(0)} ms; by event (ms, count):`,
  );
  for (const [name, row] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) {
    console.log(`  ${row.ms.toFixed(1).padStart(8)}  ${String(row.n).padStart(5)}  ${name}`);
  }
  console.log("  events over 15 ms:");
  for (const line of slices.slice(0, 40)) console.log(line);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time by function between two page times (ms since navigation, approximately). */
function printHeaviest(
  profile: {
    nodes: ProfileNode[];
    startTime: number;
    samples?: number[];
    timeDeltas?: number[];
  },
  fromMs: number,
  toMs: number,
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let t = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Profile times are µs on the monotonic clock; the first sample is near navigation start.
  let first = Number.NaN;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i]!;
    if (Number.isNaN(first)) first = t;
    const ms = (t - first) / 1000;
    if (ms < fromMs - 50 || ms > toMs + 50) continue;
    const node = byId.get(samples[i]!)!;
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log("  heaviest (self ms, loaded → painted ± 50 ms):");
  for (const [key, ms] of top) console.log(`  ${ms.toFixed(1).padStart(7)}  ${key}`);
}

await main();
