import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { cleanMeta, paragraphsOf, toDate } from "./blocks.ts";
import { decodeText, isUtf16 } from "./encoding.ts";
import type { RawExtract } from "./extract.ts";
import { pickTitle } from "./metadata.ts";

/** The charset an HTML file declares in its first 2 KB (`<meta charset>` or http-equiv). */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1] ?? null;
}

/**
 * HTML text: a BOM wins, then valid UTF-8 whatever is declared, then the declared charset, then
 * windows-1252 (see `decodeText`).
 */
export function decodeHtml(bytes: Uint8Array): string {
  return decodeText(bytes, isUtf16(bytes) ? null : declaredCharset(bytes)).text;
}

/** A full document for the parser: fragments ("<p>…</p>") get the html/body they imply. */
function asDocument(html: string): string {
  return /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
}

const metaContent = (document: Document, selectors: string[]) => {
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute("content");
    if (value?.trim()) return value;
  }
  return null;
};

/** Elements that are page chrome rather than content, for the fallback when Readability fails. */
const CHROME = "nav, header, footer, aside, form, script, style, noscript, [role=navigation]";

/**
 * The main article of an HTML page: Mozilla's Readability (Firefox Reader View) on a linkedom DOM
 * picks the content and drops navigation, footers and sidebars; headings and paragraphs become
 * paragraphs. Pages Readability cannot read fall back to the body without its chrome.
 */
export function extractHtml(bytes: Uint8Array): RawExtract {
  const html = asDocument(decodeHtml(bytes));
  const { document } = parseHTML(html);
  const author = cleanMeta(
    metaContent(document, ['meta[name="author"]', 'meta[property="article:author"]']),
  );
  const date = toDate(
    metaContent(document, [
      'meta[property="article:published_time"]',
      'meta[name="date"]',
      'meta[name="dc.date"]',
      'meta[name="DC.date"]',
      'meta[itemprop="datePublished"]',
    ]),
  );
  const documentTitle = cleanMeta(
    metaContent(document, ['meta[property="og:title"]']) ?? document.title,
  );
  // Readability changes the tree it reads, so it gets its own copy.
  const article = new Readability(parseHTML(html).document).parse();
  let paragraphs: string[] = [];
  if (article?.content) {
    const { document: content } = parseHTML(asDocument(article.content));
    paragraphs = paragraphsOf(content.body);
  }
  if (paragraphs.length === 0 && document.body) {
    for (const element of Array.from(document.body.querySelectorAll(CHROME))) element.remove();
    paragraphs = paragraphsOf(document.body);
  }
  return {
    text: paragraphs.join("\n\n"),
    title: pickTitle(
      cleanMeta(article?.title),
      documentTitle,
      document.querySelector("h1")?.textContent ?? null,
    ),
    author: cleanMeta(article?.byline) ?? author,
    publishedAt: toDate(article?.publishedTime) ?? date,
    pages: null,
  };
}
