import { extract } from "@gloss/core/ingest";
import { describe, expect, it } from "vitest";
import { makeDocx, makePdf } from "./fixtures.ts";

describe("bad files name their real cause", () => {
  it("refuses a truncated PDF as truncated instead of reading the pages that survived", async () => {
    const pdf = await makePdf();
    await expect(
      extract(pdf.slice(0, Math.floor(pdf.length * 0.8)), "cut.pdf"),
    ).rejects.toMatchObject({
      code: "document.truncated",
    });
  });

  it("refuses a truncated Word file as truncated", async () => {
    const docx = await makeDocx();
    await expect(
      extract(docx.slice(0, Math.floor(docx.length * 0.7)), "cut.docx"),
    ).rejects.toMatchObject({
      code: "document.truncated",
    });
  });

  it("refuses an old Word .doc by name, whatever it is called", async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    for (const name of ["minutes.doc", "minutes.docx", "minutes"]) {
      await expect(extract(ole, name)).rejects.toMatchObject({
        code: "document.legacy_office_file",
        message: expect.stringContaining("save it as .docx"),
      });
    }
  });
});
