import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type BrowserServer, chromium } from "playwright-core";

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

export interface BrowserBroker {
  /** `http://127.0.0.1:<port>/`: GET answers with the shared Chromium's WebSocket endpoint. */
  url: string;
  stop(): Promise<void>;
}

/**
 * One Chromium for the whole test run, started on the first request for it (a run of API tests
 * alone never starts one). Browser test files connect to it and open their own contexts, which
 * are as separate as browsers (cookies, storage, cache) and cost a fraction of a launch: starting
 * Chromium once per file was a few seconds of both cores per browser file.
 */
export async function startBrowserBroker(): Promise<BrowserBroker> {
  let browser: Promise<BrowserServer> | null = null;
  const server: Server = createServer((_request, response) => {
    browser ??= chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    browser.then(
      (b) => response.end(b.wsEndpoint()),
      (error: unknown) => {
        browser = null;
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      if (browser) await (await browser.catch(() => null))?.close();
    },
  };
}
