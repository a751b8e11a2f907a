import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchBrowser } from "./browser.ts";
import { failOnDialogs } from "./reader.ts";
import { buildWeb, type Runtime, type SignedOutRuntime, startRuntime } from "./runtime.ts";

/** What a browser test file runs against. */
export interface BrowserSession<R extends SignedOutRuntime = Runtime> {
  runtime: R;
  browser: Browser;
  /** A page that fails the file on any alert/confirm/prompt (checked after all tests). */
  page: Page;
  /** The dialogs `page` saw; each should be none. */
  dialogs: string[];
}

export interface SessionOptions<R extends SignedOutRuntime> {
  viewport: { width: number; height: number };
  /** A phone: touch events and the mobile viewport (meta viewport honoured). */
  mobile?: boolean;
  /** Playwright's default timeout on the page, in ms. */
  timeout?: number;
  /** Starts the runtime; a signed-in `startRuntime()` by default. */
  start?: () => Promise<R>;
}

/**
 * Registers the hooks every browser test file shares: build the reader, start a runtime and
 * Chromium, open a page and hand them to `onReady`; afterwards close them and expect the page to
 * have opened no dialog.
 */
export function useBrowserSession<R extends SignedOutRuntime = Runtime>(
  options: SessionOptions<R>,
  onReady: (session: BrowserSession<R>) => void,
): void {
  const session = {} as BrowserSession<R>;
  const start = options.start ?? (() => startRuntime() as Promise<SignedOutRuntime> as Promise<R>);
  beforeAll(async () => {
    await buildWeb();
    [session.runtime, session.browser] = await Promise.all([start(), launchBrowser()]);
    session.page = await session.browser.newPage({
      viewport: options.viewport,
      ...(options.mobile ? { hasTouch: true, isMobile: true } : {}),
    });
    session.page.setDefaultTimeout(options.timeout ?? 10_000);
    session.dialogs = failOnDialogs(session.page);
    onReady(session);
  }, 120_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.runtime?.stop();
    expect(session.dialogs ?? []).toEqual([]);
  });
}
