import * as Document from "@gloss/core/document";
import { detectFormat, extract } from "@gloss/core/ingest";
import { canonicalize } from "@gloss/core/text";
import { describe, expect, it } from "vitest";
import { ARTICLE_HTML, makeDocx, makePdf, makeScannedPdf } from "./fixtures.ts";

const encode = (text: string) => new TextEncoder().encode(text);

describe("extracting text from PDF", () => {
  it("reads every page, drops running headers and page-number footers, and records page starts", async () => {
    const pdf = await makePdf({
      title: "Field report: border compounds",
      author: "Mekong Labour Monitor",
      created: new Date("2024-05-06T00:00:00Z"),
    });
    const result = await extract(pdf, "report.pdf");
    expect(result.format).toBe("pdf");
    expect(result.text).not.toMatch(/Field Report 2024|Page \d of 3/);
    expect(result.text).toContain("monthly wage of 450 dollars");
    expect(result.pages).toHaveLength(3);
    expect(result.pages![0]).toBe(0);
    const page2 = result.text.indexOf("Anyone who missed");
    const page3 = result.text.indexOf("Local police");
    expect(result.pages).toEqual([0, page2, page3]);
    expect(Document.pageAt(result.pages, result.text.indexOf("passport"))).toBe(1);
    expect(Document.pageAt(result.pages, page2 + 5)).toBe(2);
    expect(Document.pageAt(result.pages, result.text.length - 1)).toBe(3);
    expect(result).toMatchObject({
      title: "Field report: border compounds",
      author: "Mekong Labour Monitor",
      // CreationDate is when the file was made, not when the report was published.
      publishedAt: null,
    });
    expect(canonicalize(result.text)).toBe(result.text);
  });

  it("joins a word hyphenated at a line end and lines of one paragraph", async () => {
    const result = await extract(await makePdf(), "report.pdf");
    expect(result.text).toContain("On arrival the supervisor collected every passport.");
    expect(result.text).not.toContain("super-");
  });

  it("refuses a PDF without a text layer as probably scanned", async () => {
    await expect(extract(await makeScannedPdf(), "scan.pdf")).rejects.toMatchObject({
      code: "document.no_text_layer",
      message: expect.stringContaining("no text layer (scanned?)"),
    });
  });

  it("refuses a damaged PDF as corrupt", async () => {
    const pdf = await makePdf();
    // Damaged inside, whole at the end (a cut-off file is "truncated", tested elsewhere).
    const damaged = new Uint8Array([
      ...encode("%PDF-1.7\n"),
      ...pdf.slice(400, 900),
      ...encode("\n%%EOF\n"),
    ]);
    await expect(extract(damaged, "report.pdf")).rejects.toMatchObject({
      kind: "invalid",
      code: "document.corrupt_file",
    });
  });
});

describe("extracting text from HTML", () => {
  it("keeps the article's headings and paragraphs and drops navigation, scripts and footers", async () => {
    const result = await extract(encode(ARTICLE_HTML), "article.html");
    expect(result.format).toBe("html");
    const paragraphs = result.text.split("\n\n");
    expect(paragraphs).toContain("How the recruitment worked");
    expect(paragraphs.some((p) => p.startsWith("Thousands of people answered job adverts"))).toBe(
      true,
    );
    expect(result.text).toContain("charging them with illegal entry");
    for (const chrome of [
      "Subscribe now",
      "SHOULD NOT APPEAR",
      "All rights reserved",
      "Most read",
      "cookies",
      "tracking",
    ]) {
      expect(result.text).not.toContain(chrome);
    }
    expect(result).toMatchObject({
      title: "Trafficked into scam compounds",
      publishedAt: "2024-03-18",
    });
    expect(result.author).toMatch(/Jane Reporter/);
  });
});

describe("extracting text from Word", () => {
  it("keeps headings as paragraphs and reads title and author from the file", async () => {
    const result = await extract(await makeDocx(), "interview.docx");
    expect(result.format).toBe("docx");
    expect(result.text).toBe(
      [
        "Interview 7",
        "Background",
        "R7 answered an online advert for a customer-service job in Bangkok.",
        "The compound",
        "Guards took our phones and passports on the first day.",
      ].join("\n\n"),
    );
    expect(result).toMatchObject({
      title: "Interview 7: compound survivor",
      author: "Mekong Labour Monitor",
    });
  });
});

describe("detecting the format by content", () => {
  it("recognises PDF and Word files whatever they are called", async () => {
    expect(detectFormat(await makePdf(), "download")).toBe("pdf");
    expect(detectFormat(await makePdf(), "report.txt")).toBe("pdf");
    expect(detectFormat(await makeDocx(), "transcript.bin")).toBe("docx");
    expect(detectFormat(encode("<!DOCTYPE html><p>Hi</p>"), "page")).toBe("html");
  });

  it("refuses a file named .pdf whose content is not a PDF", () => {
    expect(() => detectFormat(encode("just some text"), "report.pdf")).toThrow(
      expect.objectContaining({ kind: "unsupported", code: "document.content_mismatch" }),
    );
  });

  it("refuses binary content in a text file and unknown types", () => {
    expect(() =>
      detectFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), "photo.txt"),
    ).toThrow(expect.objectContaining({ code: "document.binary_content" }));
    expect(() => detectFormat(encode("Plain words."), "README")).toThrow(
      expect.objectContaining({ code: "document.unsupported_type" }),
    );
    expect(() => detectFormat(encode("text"), "sheet.xlsx")).toThrow(
      expect.objectContaining({ code: "document.unsupported_type" }),
    );
  });
});
