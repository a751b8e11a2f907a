import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext } from "../support/app.ts";
import { launchBrowser } from "./support/browser.ts";
import { type LoopbackServer, serveGloss, servePage } from "./support/loopback.ts";
import { buildWeb } from "./support/runtime.ts";

/**
 * Send to Gloss: the bookmarklet run in a page on another origin (a loopback server standing in
 * for a site behind a login) hands its rendered HTML and URL to Gloss's /send window by
 * postMessage; the page never holds a Gloss credential. Pages that post on their own, or claim
 * another site's address, are refused.
 */
const ARTICLE = `<!doctype html><html><head><meta charset="utf-8"><title>Members-only briefing</title></head>
<body><article><h1>Members-only briefing</h1>
<p>Forty workers said their passports were held by the compound's managers.</p></article></body></html>`;

let pages: LoopbackServer;
let gloss: LoopbackServer;
let origin = "";
let pageOrigin = "";
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  await buildWeb();
  pages = await servePage(ARTICLE);
  pageOrigin = `http://localhost:${pages.port}`;
  gloss = await serveGloss({ ctx: await makeContext() });
  origin = gloss.origin;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([gloss?.close(), pages?.close()]);
});

/** The documents of the local owner's workspace, asked from a Gloss page (same origin). */
async function documents(glossPage: Page): Promise<Array<{ id: string; title: string }>> {
  return glossPage.evaluate(async () => {
    const me = await (await fetch("/api/me")).json();
    const ws = me.workspaces[0].id;
    const list = await (await fetch(`/api/workspaces/${ws}/documents?limit=100`)).json();
    return list.items.map((d: { id: string; title: string }) => ({ id: d.id, title: d.title }));
  });
}

describe("Send to Gloss", () => {
  it("keeps a page sent by the bookmarklet, with its capture provenance", async () => {
    // The bookmarklet as the researcher drags it from Gloss's /send page.
    const glossPage = await context.newPage();
    await glossPage.goto(`${origin}/send`);
    // The page sets the link's code in an effect after its first render.
    await glossPage.waitForFunction(() =>
      document.querySelector("a.bookmarklet")?.getAttribute("href")?.startsWith("javascript:"),
    );
    const href = await glossPage.locator("a.bookmarklet").getAttribute("href");
    await glossPage.close();
    expect(href).toMatch(/^javascript:/);
    const code = decodeURIComponent(href!.slice("javascript:".length));
    const article: Page = await context.newPage();
    await article.goto(`${pageOrigin}/briefing`);
    // What clicking it does: its code runs in the page.
    const [send] = await Promise.all([
      context.waitForEvent("page"),
      // Evaluated as the page's own script, with a user gesture as a click gives.
      article.evaluate(code),
    ]);
    await send.getByRole("button", { name: "Keep in Gloss" }).click();
    await send.waitForURL(/\/w\/[^/]+\/d\/doc_/);
    const [, ws, docId] = /\/w\/([^/]+)\/d\/([^/#?]+)/.exec(send.url())!;
    const provenance = await send.evaluate(
      async (path) => (await fetch(path)).json(),
      `/api/workspaces/${ws}/documents/${docId}/provenance`,
    );
    const [v1] = provenance.versions;
    expect(v1.capture?.finalUrl ?? v1.capture?.url ?? v1.sourceUrl).toBe(`${pageOrigin}/briefing`);
    expect(JSON.stringify(v1)).toContain(`${pageOrigin}/briefing`);
    expect(v1.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    const text = await send.evaluate(
      async (path) => (await fetch(path)).text(),
      `/api/workspaces/${ws}/documents/${docId}/text`,
    );
    expect(text).toContain("Forty workers said their passports were held");
    // The page itself never got anything of Gloss's: no cookie of Gloss's origin is readable there.
    expect(await article.evaluate(() => document.cookie)).toBe("");
    await article.close();
    await send.close();
  }, 120_000);

  it("refuses a page that claims another site's address, and keeps nothing without the click", async () => {
    const attacker: Page = await context.newPage();
    await attacker.goto(`${pageOrigin}/attack`);
    const glossPage = await context.newPage();
    await glossPage.goto(`${origin}/send`);
    const before = await documents(glossPage);
    const [send] = await Promise.all([
      context.waitForEvent("page"),
      attacker.evaluate((o) => {
        const w = window.open(`${o}/send`, "gloss-send")!;
        addEventListener("message", (e) => {
          if (e.source !== w) return;
          // A forged page: an address on another origin than the one posting.
          w.postMessage(
            { type: "gloss:page", url: "https://bank.example/statement", html: "<p>forged</p>" },
            o,
          );
        });
      }, origin),
    ]);
    await expect
      .poll(() => send.locator("body").textContent(), { timeout: 20_000 })
      .toContain("its address must be its own");
    expect(await send.getByRole("button", { name: "Keep in Gloss" }).count()).toBe(0);

    // A page posting itself, but nobody clicks Keep: nothing is stored.
    await attacker.evaluate((o) => {
      const w = window.open(`${o}/send`, "gloss-send")!;
      addEventListener("message", (e) => {
        if (e.source !== w) return;
        w.postMessage({ type: "gloss:page", url: location.href, html: "<p>unasked</p>" }, o);
      });
    }, origin);
    await expect
      .poll(() => send.getByRole("button", { name: "Keep in Gloss" }).count(), { timeout: 20_000 })
      .toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await documents(glossPage)).toEqual(before);
    await Promise.all([attacker.close(), send.close(), glossPage.close()]);
  }, 120_000);
});
