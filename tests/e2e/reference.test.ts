import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

let runtime: Runtime;
let page: Page;

useBrowserSession({ viewport: { width: 1280, height: 900 }, timeout: 20_000 }, (session) => {
  ({ runtime, page } = session);
});

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const ANNOTATE = "/api/workspaces/{ws}/documents/{docId}/annotations";

describe("the API reference at /api/docs", () => {
  it("renders an operation, its schema and curl, Python and R samples, all from loopback", async () => {
    const offLoopback: string[] = [];
    const refused: string[] = [];
    // No network: any request not addressed to loopback is recorded and aborted.
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      offLoopback.push(url.href);
      return route.abort();
    });
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    page.on("pageerror", (error) => refused.push(String(error)));

    // Scalar's deep link to one operation (tag slug, method, path).
    await page.goto(`${runtime.url}/api/docs#tag/annotations/POST${ANNOTATE}`);
    const operation = page.locator(`[id="api-1/tag/annotations/POST${ANNOTATE}"]`);
    await operation.getByRole("heading", { name: "Annotate a passage" }).waitFor();

    // The request-body schema, by name, with its properties and their descriptions.
    const text = async () => (await operation.textContent()) ?? "";
    expect(await text()).toContain("CreateAnnotationInput");
    expect(await text()).toContain("Must equal text.slice(start, end) exactly");

    // The generated request sample: curl by default, for this very path.
    const sample = operation.locator("pre").filter({ hasText: "/annotations" }).first();
    expect(await sample.textContent()).toMatch(/^curl .*\/api\/workspaces\/\{ws\}\/documents\//);

    // Python (requests) and R (httr2) are offered for the same call.
    for (const [client, marker] of [
      ["Requests", /requests\.post\(/],
      ["httr2", /req_perform\(/],
    ] as const) {
      await operation.getByRole("button", { name: /Shell Curl|Python Requests|R httr2/ }).click();
      await page.getByRole("option", { name: client, exact: true }).click();
      await expect.poll(() => sample.textContent()).toMatch(marker);
    }

    expect(offLoopback).toEqual([]);
    expect(refused).toEqual([]);
  }, 90_000);
});
