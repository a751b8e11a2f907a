/**
 * Paragraphs of an HTML tree, as canonical text wants them: every block element (heading,
 * paragraph, list item, table row, quotation…) becomes a paragraph of its own with white space
 * collapsed; `<br>` becomes a line break inside the paragraph; `<pre>` keeps its lines. Scripts,
 * styles, forms and embedded objects are dropped.
 */

const BLOCKS = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "CAPTION",
  "DD",
  "DIV",
  "DL",
  "DT",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "SECTION",
  "TABLE",
  "TBODY",
  "THEAD",
  "TFOOT",
  "TR",
  "UL",
]);

const SKIPPED = new Set([
  "BUTTON",
  "CANVAS",
  "FORM",
  "HEAD",
  "IFRAME",
  "INPUT",
  "NOSCRIPT",
  "OBJECT",
  "SCRIPT",
  "SELECT",
  "STYLE",
  "SVG",
  "TEMPLATE",
  "TEXTAREA",
]);

/** The minimal DOM surface walked here; linkedom's nodes provide it. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** LINE SEPARATOR survives white-space collapsing; canonicalize turns it into a line break. */
const LINE_BREAK = "\u2028";

/** The paragraphs of a DOM subtree, in document order. */
export function paragraphsOf(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let current = "";
  const flush = () => {
    const text = current
      .replace(/[ \t\n\r\f\u00A0]+/g, " ")
      .replace(/ ?\u2028 ?/g, LINE_BREAK)
      .replace(/^\s+/, "")
      // `\s` covers U+2028. The look-behind starts a match only where a run of white space
      // starts, so a long run inside the text is tried once, not once per character.
      .replace(/(?<!\s)\s+$/, "");
    if (text) paragraphs.push(text);
    current = "";
  };
  const walk = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        current += child.textContent ?? "";
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.nodeName.toUpperCase();
      if (SKIPPED.has(tag)) continue;
      if (tag === "BR") {
        current += LINE_BREAK;
      } else if (tag === "PRE") {
        flush();
        const lines = (child.textContent ?? "").replace(/^\n+/, "").replace(/(?<!\s)\s+$/, "");
        if (lines) paragraphs.push(lines.replaceAll("\n", LINE_BREAK));
      } else if (tag === "TD" || tag === "TH") {
        current += " ";
        walk(child);
        current += " ";
      } else if (BLOCKS.has(tag)) {
        flush();
        walk(child);
        flush();
      } else {
        walk(child);
      }
    }
  };
  walk(root);
  flush();
  return paragraphs;
}

/** A date from file metadata as `YYYY-MM-DD`, or null when it is not a real date. */
export function toDate(value: unknown): string | null {
  if (typeof value !== "string" && !(value instanceof Date)) return null;
  const date = value instanceof Date ? value : new Date(value.trim());
  const time = date.getTime();
  // Years outside 1000–9999 are placeholders or parse accidents, not publication dates.
  if (Number.isNaN(time) || date.getUTCFullYear() < 1000 || date.getUTCFullYear() > 9999) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}

/** Trimmed, white-space collapsed metadata text, or null when empty. */
export function cleanMeta(value: unknown, maxLength = 300): string | null {
  if (typeof value !== "string") return null;
  const text = value.replace(/\s+/g, " ").trim();
  return text ? text.slice(0, maxLength) : null;
}
