/**
 * `npx tsx bench/reader/create.ts --baseline DIR [--current DIR]`: the 5k document's create path
 * alone, two builds alternating in one run (see early.ts for how builds are served): one passage
 * created by keyboard (`s`, `t`, a code, Enter), `gloss:create-start` → `gloss:create-synced` (the
 * highlight layer has it, in the keystroke's task) and → `gloss:create-visible` (after the frame
 * that shows it); then deleted again through the reader, so every run reads the same document.
 */
import { pathToFileURL } from "node:url";
import { chromium, type Page } from "playwright-core";
import { startRuntime } from "../lib/services.ts";
import { median } from "../lib/stats.ts";
import { useBuild } from "./early.ts";
import { DATA_DIR, seed } from "./run.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const between = (page: Page, from: string, to: string) =>
  page.evaluate(
    ([a, b]) =>
      performance.getEntriesByName(b!).at(-1)!.startTime -
      performance.getEntriesByName(a!).at(-1)!.startTime,
    [from, to],
  );

export async function run() {
  const option = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1]! : null;
  };
  const builds: [string, string | null][] = [["current", option("--current")]];
  const baseline = option("--baseline");
  if (baseline) builds.unshift(["baseline", baseline]);
  const documents = await seed(DATA_DIR);
  const runtime = await startRuntime(DATA_DIR);
  const browser = await chromium.launch({
    executablePath: process.env.GLOSS_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
  });
  const figures: Record<string, { synced: number[]; visible: number[] }> = {};
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [name, dir] of builds) {
        const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
        if (dir) await useBuild(page, dir);
        await page.goto(`${runtime.url}/d/${documents[5_000]}`);
        await page.locator(".ann-card").first().waitFor({ timeout: 180_000 });
        await page.keyboard.press("s");
        await page.keyboard.press("t");
        await page.locator(".popover").waitFor();
        await page.keyboard.type("corr");
        await page.keyboard.press("Enter");
        await page.waitForFunction(
          () => performance.getEntriesByName("gloss:create-saved").length > 0,
        );
        await page.waitForFunction(
          () => performance.getEntriesByName("gloss:create-visible").length > 0,
        );
        figures[name] ??= { synced: [], visible: [] };
        figures[name].synced.push(await between(page, "gloss:create-start", "gloss:create-synced"));
        figures[name].visible.push(
          await between(page, "gloss:create-start", "gloss:create-visible"),
        );
        await page.locator(".ann-card.focused").getByRole("button", { name: "Delete" }).click();
        await page.getByRole("button", { name: "Delete annotation" }).click();
        await page.locator(".ann-card.focused").waitFor({ state: "detached" });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await runtime.stop();
  }
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `${name}: create → synced ${median(f.synced).toFixed(1)} ms, → visible ${median(f.visible).toFixed(1)} ms (${f.visible.map((t) => t.toFixed(0)).join(", ")})`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
