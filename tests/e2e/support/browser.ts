import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { root } from "./runtime.ts";

/** The system Chromium (installed with apt); tests never download a browser. */
export const CHROMIUM = process.env.GLOSS_CHROMIUM ?? "/usr/bin/chromium";

/** Launches headless Chromium with the flags that keep it quiet and offline. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

/** Saves a screenshot under test-artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(root, "test-artifacts");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
