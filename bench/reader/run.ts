/**
 * `npm run bench:reader`: opens a ~1 MB document with 5,000 annotations in headless Chromium
 * against the local runtime and reports (1) data loaded → highlights painted and (2) one new
 * annotation → its highlight painted, from the reader's own performance marks.
 *
 * The seeded data is created once with the core functions against embedded storage in
 * bench/results/data-<key>/ and reused by later runs (delete the folder to rebuild it).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import * as Annotation from "@gloss/core/annotation";
import { createContext } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as Workspace from "@gloss/core/workspace";
import { EMBEDDED_CREDENTIALS, ensureStorage, startEmbeddedServices } from "@gloss/local";
import { chromium, type Page } from "playwright-core";
import { generate } from "./generate.ts";

const root = resolve(import.meta.dirname, "../..");
const results = join(root, "bench/results");
const SEED = 20240611;
const SIZE = 1_000_000;
const COUNT = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGETS = { paintMs: 300, createMs: 50 };
// Must match packages/local/src/main.ts, which opens the same data folder afterwards.
const TABLE = "gloss";
const BUCKET = "gloss-documents";
const LOCAL_OWNER = { id: "usr_local", name: "Local owner" };

/** Creates the benchmark document and its annotations in `dataDir`, unless already there. */
async function seed(dataDir: string): Promise<string> {
  const marker = join(dataDir, "bench.json");
  if (existsSync(marker)) return JSON.parse(await readFile(marker, "utf8")).documentId;
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(join(dataDir, "dynamodb"), { recursive: true });
  await mkdir(join(dataDir, "s3"), { recursive: true });
  const services = await startEmbeddedServices({
    dynamoPath: join(dataDir, "dynamodb"),
    s3Directory: join(dataDir, "s3"),
  });
  try {
    const ctx = createContext({
      tableName: TABLE,
      bucketName: BUCKET,
      dynamoEndpoint: services.dynamoEndpoint,
      s3Endpoint: services.s3Endpoint,
      credentials: EMBEDDED_CREDENTIALS,
    });
    await ensureStorage(ctx);
    const ws = await Workspace.ensureDefault(ctx, LOCAL_OWNER);
    const { text, annotations } = generate(SEED, SIZE, COUNT);
    const document = await Document.create(ctx, ws, LOCAL_OWNER.id, {
      title: `Benchmark report (${(text.length / 1e6).toFixed(2)} M characters, ${COUNT} annotations)`,
      text,
    });
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < annotations.length) {
        const a = annotations[next++]!;
        await Annotation.create(ctx, ws, document.id, LOCAL_OWNER.id, {
          start: a.start,
          end: a.end,
          exact: text.slice(a.start, a.end),
          tags: a.tags,
          ...(a.note ? { note: a.note } : {}),
        });
        if (next % 500 === 0) process.stdout.write(`  seeded ${next}/${COUNT}\r`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    console.log(`  seeded ${COUNT} annotations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await writeFile(marker, JSON.stringify({ documentId: document.id }));
    return document.id;
  } finally {
    await services.stop();
  }
}

/** Starts the local runtime over `dataDir` and resolves with its URL. */
function startRuntime(dataDir: string) {
  const child = spawn(
    join(root, "node_modules/.bin/tsx"),
    [join(root, "packages/local/src/main.ts")],
    {
      cwd: root,
      env: { ...process.env, PORT: "0", GLOSS_DATA_DIR: dataDir, GLOSS_NO_SAMPLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Gloss is running at (http:\/\/\S+)/.exec(output);
      if (m) resolveUrl(m[1]!);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`runtime exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

const between = (page: Page, from: string, to: string) =>
  page.evaluate(
    ([a, b]) => {
      const start = performance.getEntriesByName(a!).at(-1);
      const end = performance.getEntriesByName(b!).at(-1);
      return start && end ? end.startTime - start.startTime : Number.NaN;
    },
    [from, to],
  );

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main() {
  const dataDir = join(results, `data-${SEED}-${SIZE}-${COUNT}`);
  console.log("Preparing the benchmark document…");
  const documentId = await seed(dataDir);
  if (!process.argv.includes("--no-build")) {
    execFileSync("npm", ["run", "build", "-w", "@gloss/web"], { cwd: root, stdio: "ignore" });
  }
  const runtime = startRuntime(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.GLOSS_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  try {
    const url = await runtime.url;
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    const paint: number[] = [];
    const textRender: number[] = [];
    const create: number[] = [];
    const saved: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${url}/d/${documentId}`);
      await page.waitForFunction(
        () => performance.getEntriesByName("gloss:highlights-painted").length > 0,
        undefined,
        { timeout: 120_000 },
      );
      paint.push(await between(page, "gloss:annotations-loaded", "gloss:highlights-painted"));
      textRender.push(await between(page, "gloss:annotations-loaded", "gloss:text-rendered"));
      const ranges = await page.evaluate(() =>
        [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0),
      );
      if (run === 0) console.log(`  ${ranges} highlight ranges registered near the viewport`);

      // Create one annotation through the popover: select a sentence, t, pick a code, Enter.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.keyboard.press("s");
      await page.keyboard.press("t");
      await page.locator(".popover").waitFor();
      await page.keyboard.type("corr");
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () => performance.getEntriesByName("gloss:create-saved").length > 0,
        undefined,
        { timeout: 30_000 },
      );
      await page.waitForFunction(
        () => performance.getEntriesByName("gloss:create-visible").length > 0,
      );
      create.push(await between(page, "gloss:create-start", "gloss:create-visible"));
      saved.push(await between(page, "gloss:create-start", "gloss:create-saved"));
      // Take it back, so every run measures the same document.
      await page.locator(".ann-card.focused").getByRole("button", { name: "Delete" }).click();
      await page.getByRole("button", { name: "Delete annotation" }).click();
      await page.locator(".ann-card.focused").waitFor({ state: "detached" });
    }

    const figures = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown" },
      chromium: browser.version(),
      document: { characters: SIZE, annotations: COUNT, seed: SEED },
      runs: RUNS,
      paintMs: { median: median(paint), all: paint },
      textRenderMs: { median: median(textRender), all: textRender },
      createToVisibleMs: { median: median(create), all: create },
      createToSavedMs: { median: median(saved), all: saved },
      targets: TARGETS,
    };
    await mkdir(results, { recursive: true });
    const file = join(results, `reader-${figures.date.replace(/[:.]/g, "-")}.json`);
    await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
    await writeFile(join(results, "reader-latest.json"), `${JSON.stringify(figures, null, 2)}\n`);

    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const row = (what: string, value: number, target?: number) =>
      `| ${what.padEnd(44)} | ${ms(value).padStart(10)} | ${(target ? `≤ ${target} ms ${value <= target ? "✓" : "✗"}` : "").padEnd(12)} |`;
    console.log(
      `\nReader benchmark: ${COUNT} annotations on ${SIZE / 1e6} M characters, median of ${RUNS}`,
    );
    console.log(`| ${"measure".padEnd(44)} | ${"median".padStart(10)} | ${"target".padEnd(12)} |`);
    console.log(`|${"-".repeat(46)}|${"-".repeat(12)}|${"-".repeat(14)}|`);
    console.log(row("data loaded → text rendered", figures.textRenderMs.median));
    console.log(row("data loaded → highlights painted", figures.paintMs.median, TARGETS.paintMs));
    console.log(
      row("create → highlight visible", figures.createToVisibleMs.median, TARGETS.createMs),
    );
    console.log(row("create → saved by the server", figures.createToSavedMs.median));
    console.log(`\nFigures written to ${file}`);
  } finally {
    await browser.close();
    runtime.child.kill("SIGTERM");
  }
}

await main();
