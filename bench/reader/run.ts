/**
 * `npm run bench:reader`: a ~1 MB report with 0, 5,000 and 20,000 annotations in headless
 * Chromium. Gloss's reader runs against the local runtime and is measured with its own
 * performance marks (data loaded → highlights painted, text rendered, one new annotation →
 * visible); the peer, `@recogito/text-annotator` with its default (SPANS) and its CSS
 * highlights renderer, renders the same annotations on the same text in the same browser from
 * a page bundled here and served from loopback (./peer.ts). For both: scroll frame times, long
 * tasks and how much the page's height changed while scrolling (scrollbar jumps), and the JS
 * heap after painting.
 *
 * The seeded documents are written once into embedded storage in bench/results/data-reader-…/
 * and reused by later runs (delete the folder to rebuild it).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import * as Document from "@gloss/core/document";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../tests/support/browser-server.ts";
import { finish, RESULTS, ROOT, type Row } from "../lib/report.ts";
import { annotateInBulk } from "../lib/seed.ts";
import { openStorage, startRuntime } from "../lib/services.ts";
import { median, percentile } from "../lib/stats.ts";
import { generate } from "./generate.ts";
import { between, createPassage, deleteFocused } from "./page.ts";

const SEED = 20240611;
const SIZE = 1_000_000;
const COUNTS = [0, 5_000, 20_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PEER_RUNS = Number(process.env.BENCH_PEER_RUNS ?? 2);
const RENDERERS = ["SPANS", "CSS_HIGHLIGHTS"] as const;
/**
 * How long the peer may take to paint one page. Recogito builds every annotation's DOM range by
 * walking the text from its start, so 20k passages on 1 MB took 17–23 s on a quiet machine and
 * over 300 s on a loaded one, which aborted the whole run. A peer page that has not painted by
 * then is reported as such ("not painted within N s", no scroll figures), never waited for.
 */
const PEER_TIMEOUT_MS = Number(process.env.BENCH_PEER_TIMEOUT_S ?? 120) * 1_000;
/** `--gloss-only` skips the peer: for comparing Gloss builds in one quiet sitting. */
const GLOSS_ONLY = process.argv.includes("--gloss-only");
const TARGETS = { paintMs: 300, createMs: 50, peerRatio: 3 };
const PEER_DIR = join(RESULTS, "reader-peer");

/** Creates one document per annotation count in `dataDir`, unless already there. */
export async function seed(dataDir: string): Promise<Record<number, string>> {
  const marker = join(dataDir, "bench.json");
  if (existsSync(marker)) {
    const ids = JSON.parse(await readFile(marker, "utf8")) as Record<number, string>;
    if (COUNTS.every((count) => ids[count])) return ids;
  }
  console.log(`Seeding the reader documents into ${dataDir} (once)…`);
  const { services, ctx } = await openStorage(dataDir, { fresh: true });
  try {
    const workspaceId = await Workspace.ensureDefault(ctx, User.LOCAL_OWNER);
    const ids: Record<number, string> = {};
    for (const count of COUNTS) {
      const { text, annotations } = generate(SEED, SIZE, count);
      const document = await Document.create(ctx, workspaceId, User.LOCAL_OWNER.id, {
        title: `Benchmark report (${(text.length / 1e6).toFixed(2)} M characters, ${count} annotations)`,
        text,
      });
      await annotateInBulk(ctx, workspaceId, document.id, text, annotations);
      ids[count] = document.id;
    }
    await writeFile(marker, JSON.stringify(ids));
    return ids;
  } finally {
    await services.stop();
  }
}

/** Bundles the peer page and writes its data; serves the folder on loopback. */
async function servePeer() {
  await mkdir(join(PEER_DIR, "data"), { recursive: true });
  await build({
    entryPoints: [join(ROOT, "bench/reader/peer.ts")],
    outdir: PEER_DIR,
    bundle: true,
    format: "esm",
    minify: true,
    target: "chrome120",
    logLevel: "silent",
  });
  await writeFile(
    join(PEER_DIR, "peer.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>peer</title>
<link rel="stylesheet" href="peer.css">
<style>body { font: 17px/1.65 Georgia, serif; margin: 0; } #text { max-width: 44rem; margin: 2rem auto; padding: 0 1rem; } p { margin: 0 0 1em; }</style>
</head><body><div id="text"></div><script type="module" src="peer.js"></script></body></html>`,
  );
  for (const count of COUNTS) {
    const { text, annotations } = generate(SEED, SIZE, count);
    await writeFile(
      join(PEER_DIR, "data", `${count}.json`),
      JSON.stringify({
        text,
        annotations: annotations.map((a, i) => ({
          id: `a${i}`,
          start: a.start,
          end: a.end,
          tags: a.tags,
        })),
      }),
    );
  }
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    try {
      const body = await readFile(join(PEER_DIR, path.replace(/\.\./g, "")));
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

/** JS heap in use (after a full GC) and DOM nodes, from the DevTools protocol. */
async function memory(page: Page): Promise<{ heapMB: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  await cdp.detach();
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heapMB: metric("JSHeapUsedSize") / 2 ** 20, nodes: metric("Nodes") };
}

/**
 * Scrolls the text's scroller 300 px a frame for 120 frames and returns the frame intervals (a
 * smooth reader keeps them at the display's 16.7 ms), the long tasks meanwhile, and how far the
 * scroll height moved (a jumping scrollbar).
 */
export function scrollFrames(
  page: Page,
): Promise<{ frames: number[]; longTasks: number; heightChangePx: number }> {
  return page.evaluate(async () => {
    const all = [
      document.scrollingElement!,
      ...document.querySelectorAll<HTMLElement>("main, div, section, article"),
    ];
    const scroller = all
      .filter(
        (el) =>
          el.scrollHeight > el.clientHeight + 2_000 &&
          (el === document.scrollingElement || /auto|scroll/.test(getComputedStyle(el).overflowY)),
      )
      .sort((a, b) => b.scrollHeight - a.scrollHeight)[0]!;
    const frames: number[] = [];
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => {
      longTasks += list.getEntries().length;
    });
    observer.observe({ type: "longtask" });
    const startHeight = scroller.scrollHeight;
    let heightChangePx = 0;
    let last = await new Promise<number>((r) => requestAnimationFrame(r));
    for (let i = 0; i < 120; i++) {
      scroller.scrollTop += 300;
      const now = await new Promise<number>((r) => requestAnimationFrame(r));
      frames.push(now - last);
      last = now;
      heightChangePx = Math.max(heightChangePx, Math.abs(scroller.scrollHeight - startHeight));
    }
    observer.disconnect();
    return { frames, longTasks, heightChangePx };
  });
}

interface Figures {
  paintMs: number[];
  textRenderMs: number[];
  /** Highlights painted → the whole text laid out (Gloss only). */
  laidOutMs: number[];
  frameMedianMs: number[];
  frameP95Ms: number[];
  longTasks: number[];
  heightChangePx: number[];
  heapMB: number[];
  nodes: number[];
  /** The peer did not paint within PEER_TIMEOUT_MS (its figures are then empty). */
  timedOut?: boolean;
}

const emptyFigures = (): Figures => ({
  paintMs: [],
  textRenderMs: [],
  laidOutMs: [],
  frameMedianMs: [],
  frameP95Ms: [],
  longTasks: [],
  heightChangePx: [],
  heapMB: [],
  nodes: [],
});

async function measureAfterPaint(page: Page, figures: Figures) {
  const m = await memory(page);
  figures.heapMB.push(m.heapMB);
  figures.nodes.push(m.nodes);
  const { frames, longTasks, heightChangePx } = await scrollFrames(page);
  figures.frameMedianMs.push(median(frames));
  figures.frameP95Ms.push(percentile(frames, 95));
  figures.longTasks.push(longTasks);
  figures.heightChangePx.push(heightChangePx);
}

async function measureGloss(browser: Browser, url: string, documents: Record<number, string>) {
  const gloss: Record<number, Figures> = {};
  const create: number[] = [];
  const saved: number[] = [];
  for (const count of COUNTS) {
    const figures = emptyFigures();
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.goto(`${url}/d/${documents[count]}`);
      await page.waitForFunction(
        () => performance.getEntriesByName("gloss:highlights-painted").length > 0,
        undefined,
        { timeout: 180_000 },
      );
      figures.paintMs.push(
        await between(page, "gloss:annotations-loaded", "gloss:highlights-painted"),
      );
      figures.textRenderMs.push(
        await between(page, "gloss:annotations-loaded", "gloss:text-rendered"),
      );
      if (count === 5_000) {
        const { visibleMs, savedMs } = await createPassage(page);
        create.push(visibleMs);
        saved.push(savedMs);
        await deleteFocused(page);
      }
      // The reader lays the rest of the text out while idle after its first paint; scrolling is
      // measured once it has (the time it took is a row of its own).
      await page.waitForFunction(
        () => performance.getEntriesByName("gloss:text-laid-out").length > 0,
        undefined,
        { timeout: 180_000 },
      );
      figures.laidOutMs.push(
        await between(page, "gloss:highlights-painted", "gloss:text-laid-out"),
      );
      await measureAfterPaint(page, figures);
      await page.close();
    }
    gloss[count] = figures;
    console.log(
      `  Gloss, ${count}: painted in ${figures.paintMs.map((t) => t.toFixed(0)).join(", ")} ms`,
    );
  }
  return { gloss, create, saved };
}

async function measurePeer(browser: Browser, url: string) {
  const peer: Record<string, Record<number, Figures>> = {};
  for (const renderer of RENDERERS) {
    peer[renderer] = {};
    for (const count of COUNTS) {
      const figures = emptyFigures();
      for (let run = 0; run < PEER_RUNS; run++) {
        const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
        await page.goto(`${url}/peer.html?renderer=${renderer}&n=${count}`);
        const painted = await page
          .waitForFunction(
            () => performance.getEntriesByName("peer:highlights-painted").length > 0,
            undefined,
            { timeout: PEER_TIMEOUT_MS, polling: 100 },
          )
          .then(
            () => true,
            () => false,
          );
        if (!painted) {
          // Still building ranges on the main thread: nothing to scroll, and the next runs of
          // this size would only take as long again.
          figures.timedOut = true;
          await page.close();
          break;
        }
        figures.paintMs.push(
          await between(page, "peer:annotations-loaded", "peer:highlights-painted"),
        );
        await measureAfterPaint(page, figures);
        await page.close();
      }
      peer[renderer][count] = figures;
      console.log(
        figures.timedOut
          ? `  ${renderer}, ${count}: not painted within ${PEER_TIMEOUT_MS / 1_000} s`
          : `  ${renderer}, ${count}: painted in ${figures.paintMs.map((t) => t.toFixed(0)).join(", ")} ms`,
      );
    }
  }
  return peer;
}

/** Empty peer figures, for `--gloss-only`. */
function noPeer(): Record<string, Record<number, Figures>> {
  return Object.fromEntries(
    RENDERERS.map((r) => [r, Object.fromEntries(COUNTS.map((c) => [c, emptyFigures()]))]),
  );
}

/** Where the seeded reader documents are kept between runs. */
export const DATA_DIR = join(RESULTS, `data-reader-${SEED}-${SIZE}`);

export async function run() {
  const dataDir = DATA_DIR;
  const documents = await seed(dataDir);
  if (!process.argv.includes("--no-build")) {
    execFileSync("npm", ["run", "build", "-w", "@gloss/web"], { cwd: ROOT, stdio: "ignore" });
  }
  const runtime = await startRuntime(dataDir);
  const peerServer = await servePeer();
  const browser = await launchChromium();
  try {
    const { gloss, create, saved } = await measureGloss(browser, runtime.url, documents);
    const peer = GLOSS_ONLY ? noPeer() : await measurePeer(browser, peerServer.url);
    const PEERS = { SPANS: "recogito, spans", CSS_HIGHLIGHTS: "recogito, CSS highlights" } as const;
    const peerName = (renderer: (typeof RENDERERS)[number], count: number) =>
      peer[renderer]![count]!.timedOut
        ? `${PEERS[renderer]}: not painted within ${PEER_TIMEOUT_MS / 1_000} s`
        : PEERS[renderer];
    const rows: Row[] = [];
    for (const count of COUNTS) {
      const g = gloss[count]!;
      const glossPaint = median(g.paintMs);
      for (const renderer of RENDERERS) {
        const p = median(peer[renderer]![count]!.paintMs);
        const first = renderer === "SPANS";
        rows.push({
          suite: "reader",
          measure: `${count / 1000}k annotations: data loaded → highlights painted`,
          value: glossPaint,
          unit: "ms",
          peer: { name: peerName(renderer, count), value: p },
          ...(glossPaint > 0 ? { ratio: p / glossPaint } : {}),
          ...(count === 5_000
            ? {
                target: first ? `≤ ${TARGETS.paintMs} ms, ≥ 3× peer` : "≥ 3× peer",
                met:
                  (!first || glossPaint <= TARGETS.paintMs) && p / glossPaint >= TARGETS.peerRatio,
              }
            : {}),
        });
      }
      for (const renderer of RENDERERS) {
        const p = median(peer[renderer]![count]!.frameP95Ms);
        rows.push({
          suite: "reader",
          measure: `${count / 1000}k annotations: scroll frame time, p95`,
          value: median(g.frameP95Ms),
          unit: "ms",
          peer: { name: peerName(renderer, count), value: p },
          ratio: p / median(g.frameP95Ms),
        });
      }
      for (const [key, what, unit] of [
        ["longTasks", "long tasks while scrolling", "count"],
        ["heightChangePx", "scroll height change while scrolling", "px"],
      ] as const) {
        for (const renderer of RENDERERS) {
          rows.push({
            suite: "reader",
            measure: `${count / 1000}k annotations: ${what}`,
            value: median(g[key]),
            unit,
            peer: { name: peerName(renderer, count), value: median(peer[renderer]![count]![key]) },
          });
        }
      }
      for (const renderer of RENDERERS) {
        const p = median(peer[renderer]![count]!.heapMB);
        rows.push({
          suite: "reader",
          measure: `${count / 1000}k annotations: JS heap after painting`,
          value: median(g.heapMB),
          unit: "MB",
          peer: { name: peerName(renderer, count), value: p },
          ratio: p / median(g.heapMB),
        });
      }
    }
    for (const count of COUNTS) {
      rows.push({
        suite: "reader",
        measure: `${count / 1000}k annotations: highlights painted → whole text laid out (idle)`,
        value: median(gloss[count]!.laidOutMs),
        unit: "ms",
      });
    }
    rows.push(
      {
        suite: "reader",
        measure: "5k annotations: create → highlight visible",
        value: median(create),
        unit: "ms",
        target: `≤ ${TARGETS.createMs} ms`,
        met: median(create) <= TARGETS.createMs,
      },
      {
        suite: "reader",
        measure: "5k annotations: create → saved by the server",
        value: median(saved),
        unit: "ms",
      },
    );
    return await finish("reader", rows, {
      chromium: browser.version(),
      document: { characters: SIZE, seed: SEED, counts: COUNTS },
      runs: { gloss: RUNS, peer: PEER_RUNS },
      gloss,
      peer,
      createToVisibleMs: create,
      createToSavedMs: saved,
    });
  } finally {
    await browser.close();
    peerServer.close();
    await runtime.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
