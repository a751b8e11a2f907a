import { basename } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchBrowser } from "./browser.ts";
import { failOnDialogs } from "./reader.ts";
import {
  buildWeb,
  type Runtime,
  type SignedOutRuntime,
  sharedRuntime,
  WORKSPACE_STORAGE,
} from "./runtime.ts";

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
  /** Playwright's default timeout on the page, in ms (20 s). */
  timeout?: number;
  /**
   * Starts the runtime: by default a workspace of the file's own in the run's shared runtime
   * (`sharedRuntime`). A file that needs its own process (environment, output, restarts, sign-in)
   * passes `startRuntime`.
   */
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
  const start =
    options.start ??
    (() =>
      sharedRuntime(
        `e2e ${basename(expect.getState().testPath ?? "file")}`,
      ) as Promise<SignedOutRuntime> as Promise<R>);
  beforeAll(async () => {
    await buildWeb();
    [session.runtime, session.browser] = await Promise.all([start(), launchBrowser()]);
    const workspaceId = "workspaceId" in session.runtime ? session.runtime.workspaceId : undefined;
    session.page = await session.browser.newPage({
      viewport: options.viewport,
      ...(options.mobile ? { hasTouch: true, isMobile: true } : {}),
      // The reader starts in the runtime's workspace for this file (the first one otherwise).
      ...(typeof workspaceId === "string"
        ? {
            storageState: {
              cookies: [],
              origins: [
                {
                  origin: session.runtime.url,
                  localStorage: [{ name: WORKSPACE_STORAGE, value: workspaceId }],
                },
              ],
            },
          }
        : {}),
    });
    // 20 s: an action that takes 2 s when quiet can take ten times that at load 10 on 2 cores.
    session.page.setDefaultTimeout(options.timeout ?? 20_000);
    session.dialogs = failOnDialogs(session.page);
    onReady(session);
  }, 120_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.runtime?.stop();
    expect(session.dialogs ?? []).toEqual([]);
  });
}
