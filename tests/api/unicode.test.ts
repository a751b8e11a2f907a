import { canonicalize } from "@gloss/core/text";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotationPath,
  annotationsPath,
  documentPath,
  expectError,
  expectStatus,
  storageSnapshot,
} from "../support/data.ts";

// A judge emoji with skin tone and gender (surrogate pairs plus ZWJ and VS16), names typed with
// combining accents, and Windows line endings, as text pasted from a Word transcript arrives.
const JUDGE = "👩🏽‍⚖️";
const PASTED =
  "Hearing of 12 March, Tribunal de Pe\u0301rouse\r\n" +
  `The judge ${JUDGE} asked Jose\u0301 whether the recruiter had taken his passport.\r\n` +
  "He said: \u201cThey kept it in the safe \u{1F510} until the debt was paid.\u201d\r\n" +
  "Ame\u0301lie, the interpreter, confirmed the translation.\r\n";

describe("a passage with emoji, combining accents and CRLF input", () => {
  let t: TestApp;
  let docId: string;
  let text: string;

  beforeAll(async () => {
    t = await makeTestApp();
    const created = await t.call("POST", `/api/workspaces/${t.workspaceId}/documents`, {
      title: "Hearing transcript",
      text: PASTED,
    });
    expectStatus(created, 201);
    docId = created.body.id;
    text = (await t.call("GET", `${documentPath(t, docId)}/text`)).text;
  });

  it("stores the text with LF paragraph breaks and composed (NFC) characters", () => {
    expect(text).not.toContain("\r");
    expect(text).toBe(text.normalize("NFC"));
    expect(text).toContain("Jos\u00e9");
    expect(text).not.toContain("e\u0301");
    expect(text).toContain("Am\u00e9lie");
    expect(text).toContain(JUDGE);
    expect(text.split("\n\n")).toHaveLength(4);
    expect(text).toBe(canonicalize(PASTED));
  });

  it("reports the length of the canonical text in UTF-16 code units", async () => {
    const doc = await t.call("GET", documentPath(t, docId));
    expect(doc.body.textLength).toBe(text.length);
  });

  it.each([
    ["a passage that contains an emoji ZWJ sequence", `The judge ${JUDGE} asked Jos\u00e9`],
    ["a passage that is exactly the emoji", JUDGE],
    ["a passage that ends in an accented letter", "Tribunal de P\u00e9rouse"],
    ["a passage with an emoji outside the BMP and curly quotes", "safe \u{1F510} until"],
    ["a passage at the very end of the text", "translation."],
    ["a passage spanning two paragraphs", "passport.\n\nHe said"],
  ])("round-trips offsets and quote of %s", async (_name, quote) => {
    const start = text.indexOf(quote);
    expect(start).toBeGreaterThanOrEqual(0);
    const end = start + quote.length;
    const created = await t.call("POST", annotationsPath(t, docId), {
      start,
      end,
      exact: quote,
      tags: ["forced-labour"],
    });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ start, end, exact: quote });
    expect(created.body.prefix.length).toBeLessThanOrEqual(32);
    expect(created.body.suffix.length).toBeLessThanOrEqual(32);
    const got = await t.call("GET", annotationPath(t, created.body.id));
    expect(got.body).toMatchObject({ start, end, exact: quote });
    expect(text.slice(got.body.start, got.body.end)).toBe(got.body.exact);
    expect(got.body.prefix + got.body.exact + got.body.suffix).toBe(
      text.slice(got.body.start - got.body.prefix.length, got.body.end + got.body.suffix.length),
    );
  });

  it("never cuts a surrogate pair in the computed context", async () => {
    // Choose a quote whose 32-unit prefix window would begin inside the 🔐 surrogate pair.
    const lock = text.indexOf("\u{1F510}");
    const start = lock + 1 + 32;
    const quote = text.slice(start, start + 5);
    const created = await t.call("POST", annotationsPath(t, docId), {
      start,
      end: start + 5,
      exact: quote,
      note: "context check",
    });
    expectStatus(created, 201);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(created.body.prefix).not.toMatch(lone);
    expect(created.body.suffix).not.toMatch(lone);
    expect(text.slice(0, start).endsWith(created.body.prefix)).toBe(true);
  });

  it("refuses offsets that fall inside a surrogate pair", async () => {
    const before = await storageSnapshot(t.ctx);
    const lock = text.indexOf("\u{1F510}");
    const cases = [
      { start: lock + 1, end: lock + 2 },
      { start: lock - 5, end: lock + 1 },
      { start: text.indexOf(JUDGE) + 1, end: text.indexOf(JUDGE) + JUDGE.length },
    ];
    for (const { start, end } of cases) {
      const reply = await t.call("POST", annotationsPath(t, docId), {
        start,
        end,
        exact: text.slice(start, end),
        tags: ["forced-labour"],
      });
      expectError(reply, 422, "annotation.offset_splits_character");
    }
    expect(await storageSnapshot(t.ctx)).toEqual(before);
  });

  it("refuses a quote sent in decomposed form, since offsets index the NFC text", async () => {
    const decomposed = "Jose\u0301";
    const start = text.indexOf("Jos\u00e9");
    const reply = await t.call("POST", annotationsPath(t, docId), {
      start,
      end: start + decomposed.length,
      exact: decomposed,
      tags: ["forced-labour"],
    });
    expectError(reply, 422, "annotation.quote_mismatch");
  });
});
