import { createDeflate } from "node:zlib";
import * as Ingest from "@gloss/core/ingest";
import { unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentsPath, expectError } from "../support/data.ts";
import { ARTICLE_HTML, makeDocx, makePdf } from "./fixtures.ts";

const MB = 1024 * 1024;

/** A Word file of ~150 KB whose document.xml inflates to 50 MB (one paragraph repeated). */
async function docxBomb(): Promise<Uint8Array> {
  const parts = unzipSync(await makeDocx());
  const xml = new TextDecoder().decode(parts["word/document.xml"]);
  const paragraph = "<w:p><w:r><w:t>The compound held forty workers.</w:t></w:r></w:p>";
  const filler = paragraph.repeat(Math.ceil((50 * MB) / paragraph.length));
  parts["word/document.xml"] = new TextEncoder().encode(
    xml.replace("<w:body>", `<w:body>${filler}`),
  );
  return zipSync(parts, { level: 6 });
}

/** A one-page PDF whose content stream inflates to 400 MB, compressed a megabyte at a time. */
async function pdfBomb(): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => deflate.on("end", resolve));
  deflate.write("BT /F1 12 Tf 50 700 Td (Witness statement) Tj ET\n");
  const filler = Buffer.from("0 0 m\n".repeat(MB / 6));
  for (let i = 0; i < 400; i++) deflate.write(filler);
  deflate.end();
  await ended;
  const stream = Buffer.concat(chunks);
  const head = [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj",
    "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj",
    `4 0 obj << /Length ${stream.length} /Filter /FlateDecode >> stream`,
    "",
  ].join("\n");
  const tail = "\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  return Buffer.concat([Buffer.from(head, "latin1"), stream, Buffer.from(tail, "latin1")]);
}

/** Peak resident memory growth while `work` runs, sampled every 20 ms. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(sampler);
  }
}

function upload(t: TestApp, bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], fileName));
  return t.call("POST", documentsPath(t), form);
}

describe("decompression bombs and runaway extraction", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });

  it("refuses a 150 KB Word file holding 50 MB of XML with a 413, in bounded memory", async () => {
    const bomb = await docxBomb();
    expect(bomb.length).toBeLessThan(400 * 1024);
    const { result, growthMb } = await peakRssGrowth(() => upload(t, bomb, "report.docx"));
    expectError(result, 413, "document.decompressed_too_large");
    expect(growthMb).toBeLessThan(300);
    expect((await t.call("GET", documentsPath(t))).body.items).toEqual([]);
  }, 60_000);

  it("refuses a PDF with a 400 MB content stream with a 413, in bounded memory", async () => {
    const bomb = await pdfBomb();
    expect(bomb.length).toBeLessThan(3 * MB);
    const { result, growthMb } = await peakRssGrowth(() => upload(t, bomb, "report.pdf"));
    expectError(result, 413, "document.decompressed_too_large");
    expect(growthMb).toBeLessThan(300);
  }, 60_000);

  it("reads ordinary PDF, Word and HTML files in the sandbox exactly as in place", async () => {
    const files: Array<[Uint8Array, string]> = [
      [await makePdf(), "report.pdf"],
      [await makeDocx(), "report.docx"],
      [new TextEncoder().encode(ARTICLE_HTML), "article.html"],
    ];
    for (const [bytes, name] of files) {
      expect(await Ingest.extractIsolated(bytes, name)).toEqual(await Ingest.extract(bytes, name));
    }
  }, 60_000);

  it("stops an extraction that runs past its time or memory and refuses the file", async () => {
    const pdf = await makePdf();
    await expect(Ingest.extractIsolated(pdf, "report.pdf", { timeoutMs: 1 })).rejects.toMatchObject(
      { kind: "invalid", code: "document.extraction_timeout" },
    );
    // A Word file under the XML limit that needs more heap than the worker is given.
    const parts = unzipSync(await makeDocx());
    const xml = new TextDecoder().decode(parts["word/document.xml"]);
    const paragraph = "<w:p><w:r><w:t>x</w:t></w:r></w:p>";
    parts["word/document.xml"] = new TextEncoder().encode(
      xml.replace("<w:body>", `<w:body>${paragraph.repeat((16 * MB) / paragraph.length)}`),
    );
    await expect(
      Ingest.extractIsolated(zipSync(parts), "big.docx", { memoryMb: 16 }),
    ).rejects.toMatchObject({ kind: "too_large", code: "document.extraction_too_large" });
  }, 60_000);
});
