import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "./support/runtime.ts";
import { useBrowserSession } from "./support/session.ts";

let runtime: Runtime;
let page: Page;
const base = () => `/api/workspaces/${runtime.workspaceId}`;

useBrowserSession({ viewport: { width: 1280, height: 860 } }, (session) => {
  ({ runtime, page } = session);
});

const ARABIC =
  "قال العمال إن الوسيط أخذ جوازات سفرهم واحتفظ بها لعدة أشهر، ثم نقلهم إلى مجمع مغلق على الحدود.";

let arabicId: string;
let shortId: string;

beforeAll(async () => {
  ({ id: arabicId } = await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
    title: "شهادة العمال",
    text: ARABIC,
  }));
  ({ id: shortId } = await runtime.api<{ id: string }>("POST", `${base()}/documents`, {
    title: "Short",
    text: "Detained without charge",
  }));
});

/** The text container's `lang` and its paragraphs' `dir`, once the page shows the text. */
async function textAttributes(url: string) {
  await page.goto(url);
  await page.locator(".doc-text p").first().waitFor();
  return page.evaluate(() => {
    const container = document.querySelector(".doc-text")!;
    return {
      lang: container.getAttribute("lang"),
      dir: [...container.querySelectorAll("p")].map((p) => p.getAttribute("dir")),
    };
  });
}

describe("the text's language in the reader", () => {
  it("sets lang on the text from the document's language, and none when it is not known", async () => {
    expect(await textAttributes(`${runtime.url}/d/${arabicId}`)).toEqual({
      lang: "ar",
      dir: ["auto"],
    });
    expect((await textAttributes(`${runtime.url}/d/${shortId}`)).lang).toBeNull();
  });

  it("sets it in the shared reader too", async () => {
    const created = await runtime.api<{ url: string }>(
      "POST",
      `${base()}/documents/${arabicId}/shares`,
      {},
    );
    expect(await textAttributes(runtime.url + created.url)).toEqual({ lang: "ar", dir: ["auto"] });
  });
});
