import { createInflate } from "node:zlib";
import { Unzip, UnzipInflate } from "fflate";
import { GlossError } from "../error/index.ts";
import { detectFormat } from "./detect.ts";

/**
 * How much compressed content in an uploaded file may expand to before an extractor sees it.
 * A Word file's XML is parsed into a DOM (tens of bytes of memory per byte of XML) and pdf.js
 * holds decoded streams whole, so a small file that inflates without bound ("decompression
 * bomb": 153 KB of DOCX holding 50 MB of XML, a 1.2 MB PDF with a 400 MB content stream) is
 * refused by counting inflated bytes as they come, in bounded memory, never trusting the sizes
 * an archive declares. The limits sit far above real documents: a 600-page report's
 * document.xml is under 10 MB; its PDF's streams inflate to tens of MB.
 */
export const INFLATION_LIMITS = {
  /** All XML (and .rels) parts of a Word file together. */
  docxXmlBytes: 32 * 1024 * 1024,
  /** All parts of a Word file together (images included). */
  docxTotalBytes: 256 * 1024 * 1024,
  /** All Flate streams of a PDF together. */
  pdfStreamBytes: 256 * 1024 * 1024,
};

/** Pieces fed to the inflater, so a limit is noticed within one piece's output. */
const PIECE = 64 * 1024;

function tooLarge(what: string, limit: number): GlossError {
  return new GlossError(
    "too_large",
    "document.decompressed_too_large",
    `the file's ${what} expand to more than ${Math.round(limit / 1024 / 1024)} MB when decompressed; it cannot be read`,
  );
}

/** Refuses a zip (DOCX) whose entries inflate beyond the limits, counting actual output. */
export function checkZipInflation(
  bytes: Uint8Array,
  limits: typeof INFLATION_LIMITS = INFLATION_LIMITS,
): void {
  let xml = 0;
  let total = 0;
  let refusal: GlossError | null = null;
  const unzip = new Unzip((file) => {
    const isXml = /\.(xml|rels)$/i.test(file.name);
    file.ondata = (error, chunk) => {
      if (error || refusal) return;
      total += chunk.length;
      if (isXml) xml += chunk.length;
      if (isXml && xml > limits.docxXmlBytes) refusal = tooLarge("XML parts", limits.docxXmlBytes);
      else if (total > limits.docxTotalBytes) refusal = tooLarge("parts", limits.docxTotalBytes);
      if (refusal) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !refusal; at += PIECE) {
      unzip.push(bytes.subarray(at, at + PIECE), at + PIECE >= bytes.length);
    }
  } catch {
    // A damaged archive: the extractor reports it in its own words.
  }
  if (refusal) throw refusal;
}

const STREAM = Buffer.from("stream");
const END_STREAM = Buffer.from("endstream");

/**
 * Refuses a PDF whose zlib (Flate) streams inflate beyond the limit altogether. Every `stream`
 * … `endstream` body that starts like zlib data is inflated by Node's native zlib, its output
 * counted and dropped as it comes (bounded memory), stopping at the limit.
 */
export async function checkPdfInflation(
  bytes: Uint8Array,
  limits: typeof INFLATION_LIMITS = INFLATION_LIMITS,
): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  while (at < buffer.length) {
    const keyword = buffer.indexOf(STREAM, at);
    if (keyword === -1) break;
    at = keyword + STREAM.length;
    // "endstream" also ends in "stream": only a body start counts.
    if (keyword >= 3 && buffer.toString("latin1", keyword - 3, keyword) === "end") continue;
    let start = at;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a) continue;
    start++;
    const end = buffer.indexOf(END_STREAM, start);
    if (end === -1) break;
    at = end + END_STREAM.length;
    if (buffer[start] !== 0x78) continue; // not a zlib header
    total += await inflatedSize(buffer.subarray(start, end), limits.pdfStreamBytes - total);
    if (total > limits.pdfStreamBytes) throw tooLarge("content streams", limits.pdfStreamBytes);
  }
}

/** How many bytes `data` inflates to, counting no further than just past `budget`. */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    let size = 0;
    const inflate = createInflate();
    inflate.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        resolve(size);
      }
    });
    // Damaged or not zlib after all: pdf.js decides what it makes of it; it counts as read.
    inflate.on("error", () => resolve(size));
    inflate.on("end", () => resolve(size));
    inflate.end(data);
  });
}

/** The decompression limits of the file's format (Word and PDF; other formats are not packed). */
export async function checkInflation(bytes: Uint8Array, fileName: string): Promise<void> {
  const format = detectFormat(bytes, fileName);
  if (format === "docx") checkZipInflation(bytes);
  else if (format === "pdf") await checkPdfInflation(bytes);
}
