import { createDeflate, deflateRawSync } from "node:zlib";
import * as Ingest from "@gloss/core/ingest";
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentsPath, expectError } from "../support/data.ts";
import { ARTICLE_HTML, makeDocx, makePdf } from "./fixtures.ts";

const MB = 1024 * 1024;

/**
 * A zip entry deflated by node's zlib in one go, as fflate invites subclasses to do: the same
 * DEFLATE data fflate would write, at a fraction of its JavaScript deflate's time for 50 MB.
 */
class NativeZipDeflate extends ZipPassThrough {
  private readonly chunks: Uint8Array[] = [];
  constructor(fileName: string) {
    super(fileName);
    this.compression = 8;
  }
  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    this.chunks.push(chunk);
    if (final) this.ondata(null, new Uint8Array(deflateRawSync(Buffer.concat(this.chunks))), true);
  }
}

/** A Word file of ~150 KB whose document.xml inflates to 50 MB (one paragraph repeated). */
async function docxBomb(): Promise<Uint8Array> {
  const parts = unzipSync(await makeDocx());
  const xml = new TextDecoder().decode(parts["word/document.xml"]);
  const paragraph = "<w:p><w:r><w:t>The compound held forty workers.</w:t></w:r></w:p>";
  const filler = paragraph.repeat(Math.ceil((50 * MB) / paragraph.length));
  parts["word/document.xml"] = new TextEncoder().encode(
    xml.replace("<w:body>", `<w:body>${filler}`),
  );
  return zipFast(parts);
}

/** `zipSync(parts)`, with the Word file's large document.xml deflated by node's zlib. */
function zipFast(parts: Record<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(parts)) {
    const entry = name === "word/document.xml" ? new NativeZipDeflate(name) : new ZipDeflate(name);
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

/**
 * A one-page PDF whose content stream inflates to 400 MB, compressed a megabyte at a time (zlib's
 * fastest level: under 2 MB still, and a sixth of level 9's time).
 */
async function pdfBomb(): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 1 });
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
  const bundledWorker = process.env.GLOSS_SANDBOX_WORKER;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterEach(() => {
    if (bundledWorker === undefined) delete process.env.GLOSS_SANDBOX_WORKER;
    else process.env.GLOSS_SANDBOX_WORKER = bundledWorker;
  });

  it("refuses a 150 KB Word file holding 50 MB of XML with a 413, in bounded memory", async () => {
    const bomb = await docxBomb();
    expect(bomb.length).toBeLessThan(400 * 1024);
    const { result, growthMb } = await peakRssGrowth(() => upload(t, bomb, "report.docx"));
    expectError(result, 413, "document.decompressed_too_large");
    expect(growthMb).toBeLessThan(300);
    expect((await t.call("GET", documentsPath(t))).body.items).toEqual([]);
  }, 120_000);

  it("refuses a PDF with a 400 MB content stream with a 413, in bounded memory", async () => {
    const bomb = await pdfBomb();
    expect(bomb.length).toBeLessThan(3 * MB);
    const { result, growthMb } = await peakRssGrowth(() => upload(t, bomb, "report.pdf"));
    expectError(result, 413, "document.decompressed_too_large");
    expect(growthMb).toBeLessThan(300);
  }, 120_000);

  it("reads ordinary PDF, Word and HTML files in the sandbox exactly as in place", async () => {
    const files: Array<[Uint8Array, string]> = [
      [await makePdf(), "report.pdf"],
      [await makeDocx(), "report.docx"],
      [new TextEncoder().encode(ARTICLE_HTML), "article.html"],
    ];
    for (const [bytes, name] of files) {
      expect(await Ingest.extractIsolated(bytes, name)).toEqual(await Ingest.extract(bytes, name));
    }
  }, 120_000);

  it("starts its worker from the TypeScript sources too, as `npm start` runs it", async () => {
    // The test run points every extraction at a worker bundled once (tests/support/global-setup.ts);
    // without it, the worker registers tsx and loads the sources (an extraction failing there
    // would answer document.unreadable, never fall back to extracting in place).
    delete process.env.GLOSS_SANDBOX_WORKER;
    const pdf = await makePdf();
    expect(await Ingest.extractIsolated(pdf, "report.pdf")).toEqual(
      await Ingest.extract(pdf, "report.pdf"),
    );
  }, 120_000);

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
      Ingest.extractIsolated(zipFast(parts), "big.docx", { memoryMb: 16 }),
    ).rejects.toMatchObject({ kind: "too_large", code: "document.extraction_too_large" });
  }, 120_000);
});
