import { type Browser, type BrowserServer, chromium } from "playwright-core";
import { type Broker, startBroker } from "./broker.ts";

/** The system Chromium (installed with apt); tests never download a browser. */
export const CHROMIUM = process.env.GLOSS_CHROMIUM ?? "/usr/bin/chromium";

/** The flags that keep Chromium headless, quiet and offline. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/** A Chromium of the caller's own, with those flags (the benchmarks, which share no browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * One Chromium for the whole test run, started on the first request for it (a run of API tests
 * alone never starts one). Browser test files connect to it and open their own contexts, which
 * are as separate as browsers (cookies, storage, cache) and cost a fraction of a launch: starting
 * Chromium once per file was a few seconds of both cores per browser file.
 */
export function startBrowserBroker(): Promise<Broker> {
  return startBroker<BrowserServer>({
    start: () => chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    describe: (browser) => browser.wsEndpoint(),
    stop: (browser) => browser.close(),
  });
}
