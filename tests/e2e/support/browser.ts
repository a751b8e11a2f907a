import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../../support/browser-server.ts";
import { root } from "./runtime.ts";

export { CHROMIUM };

/**
 * Headless Chromium with the flags that keep it quiet and offline. Under `vitest` this is a
 * connection to the run's one shared Chromium (tests/support/browser-server.ts): closing it closes
 * this file's contexts and pages and leaves the browser to the other files. Elsewhere, or with
 * `GLOSS_OWN_BROWSER=1`, a browser of its own is launched.
 */
export async function launchBrowser(): Promise<Browser> {
  const broker = process.env.GLOSS_OWN_BROWSER === "1" ? undefined : brokerUrl();
  if (broker) {
    const response = await fetch(broker);
    if (!response.ok) throw new Error(`shared Chromium did not start: ${await response.text()}`);
    return chromium.connect(await response.text());
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

function brokerUrl(): string | undefined {
  try {
    return inject("browserBroker");
  } catch {
    return undefined; // not in a vitest worker
  }
}

/** Saves a screenshot under test-artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(root, "test-artifacts");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
