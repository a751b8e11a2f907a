import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContext } from "../support/app.ts";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { type LoopbackServer, serveGloss, servePage } from "./support/loopback.ts";
import { buildWeb } from "./support/runtime.ts";

const ARTICLE = `<!doctype html><html><head><meta charset="utf-8"><title>Raid on the compound</title></head>
<body><nav>Home | World</nav><article><h1>Raid on the compound</h1>
<p>Police found 300 workers whose passports had been taken by the managers.</p>
<p>Several said they had been beaten for missing targets.</p></article></body></html>`;

let pages: LoopbackServer;
let gloss: LoopbackServer;
let origin = "";
let pagePort = 0;
let browser: Browser;
let page: Page;

/**
 * Gloss in this process, so the capture can be given a fake resolver and the loopback switch
 * (which the local runtime and the deployed app never set); the page is served on loopback.
 */
beforeAll(async () => {
  await buildWeb();
  pages = await servePage(ARTICLE, { etag: '"e2e"' });
  pagePort = pages.port;
  gloss = await serveGloss({
    ctx: await makeContext(),
    capture: { resolver: async () => [{ address: "127.0.0.1", family: 4 }], allowLoopback: true },
  });
  origin = gloss.origin;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([gloss?.close(), pages?.close()]);
});

describe("provenance in the reader", () => {
  it("adds a page from a URL, shows its capture and hashes, and verifies a citation", async () => {
    await page.goto(`${origin}/`);
    await page.getByRole("button", { name: "Add a document" }).click();
    await page.getByLabel("Add from URL").fill(`http://news.example:${pagePort}/article`);
    await page.getByRole("button", { name: "Fetch page" }).click();
    await page.waitForURL(/\/w\/[^/]+\/d\/doc_/);
    const [, ws, docId] = /\/w\/([^/]+)\/d\/([^/#?]+)/.exec(page.url())!;
    await page.getByText("Provenance and hashes").click();
    const panel = page.locator(".provenance");
    await panel.locator(".prov-version").waitFor();
    await expect.poll(() => panel.innerText()).toContain("captured from the web");
    const text = await panel.innerText();
    expect(text).toContain(`http://news.example:${pagePort}/article`);
    expect(text).toContain("HTTP 200");
    expect(text).toContain('ETag "e2e"');
    const api = await (
      await fetch(`${origin}/api/workspaces/${ws}/documents/${docId}/provenance`)
    ).json();
    const shown = await panel.getByTestId("hash-text SHA-256").innerText();
    expect(shown).toBe(api.versions[0].textSha256);
    expect(await panel.getByTestId("hash-original SHA-256").innerText()).toBe(
      api.versions[0].sourceSha256,
    );
    await screenshot(page, "provenance-panel");

    const body = await (
      await fetch(`${origin}/api/workspaces/${ws}/documents/${docId}/text`)
    ).text();
    const quote = "passports had been taken";
    const start = body.indexOf(quote);
    const query = new URLSearchParams({
      documentId: docId!,
      workspaceId: ws!,
      text_sha256: api.versions[0].textSha256,
      start: String(start),
      end: String(start + quote.length),
      exact: quote,
    });
    await page.goto(`${origin}/verify?${query}`);
    await page.getByRole("button", { name: "Verify" }).click();
    const result = page.locator(".verify-result");
    await result.waitFor();
    expect(await result.getAttribute("data-verified")).toBe("true");
    expect(await result.innerText()).toContain(api.versions[0].textSha256);
    await page.getByLabel("Quote").fill("passports had been takeN");
    await screenshot(page, "verify-page-altered");
    await page.locator(".verify-form button[type=submit]").click();
    await page.locator('.verify-result[data-verified="false"]').waitFor();
    expect(await page.locator(".verify-result").innerText()).toContain("Not verified");
    await screenshot(page, "verify-page");
  }, 120_000);
});
