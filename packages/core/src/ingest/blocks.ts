import { documentDate } from "./metadata.ts";

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
  getAttribute?(name: string): string | null;
}

/** A list item's marker as text: "1.", "b.", "iv.", "•" (the HTML list types). */
function listMarker(type: string, n: number, ordered: boolean): string {
  if (!ordered) return "•";
  if (type === "a" || type === "A") {
    let label = "";
    for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) {
      label = String.fromCharCode(97 + ((k - 1) % 26)) + label;
    }
    return `${type === "A" ? label.toUpperCase() : label}.`;
  }
  if (type === "i" || type === "I") {
    const roman = toRoman(n);
    return `${type === "I" ? roman.toUpperCase() : roman}.`;
  }
  return `${n}.`;
}

/** A number in lower-case Roman numerals (1–3999; others as digits). */
export function toRoman(n: number): string {
  if (n < 1 || n > 3999) return String(n);
  const table: Array<[number, string]> = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let out = "";
  let rest = n;
  for (const [value, digits] of table) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

/** LINE SEPARATOR survives white-space collapsing; canonicalize turns it into a line break. */
const LINE_BREAK = "\u2028";

/** The paragraphs of a DOM subtree, in document order. */
export function paragraphsOf(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let current = "";
  /** The marker of the list item being read, put before its first paragraph. */
  let marker = "";
  const flush = () => {
    const text = current
      .replace(/[ \t\n\r\f\u00A0]+/g, " ")
      .replace(/ ?\u2028 ?/g, LINE_BREAK)
      .replace(/^\s+/, "")
      // `\s` covers U+2028. The look-behind starts a match only where a run of white space
      // starts, so a long run inside the text is tried once, not once per character.
      .replace(/(?<!\s)\s+$/, "");
    if (text) {
      paragraphs.push(marker ? `${marker} ${text}` : text);
      marker = "";
    }
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
      } else if (tag === "TR") {
        // A table row is one paragraph: its cells' text joined with " | ", in order.
        flush();
        const cells = Array.from(child.childNodes)
          .filter((c) => c.nodeType === 1 && /^(TD|TH)$/i.test(c.nodeName))
          .map((cell) => paragraphsOf(cell).join(" ").replaceAll(LINE_BREAK, " "));
        if (cells.some((c) => c !== "")) paragraphs.push(cells.join(" | "));
      } else if (tag === "TD" || tag === "TH") {
        // A cell outside a row (broken markup): a paragraph of its own.
        flush();
        walk(child);
        flush();
      } else if (tag === "OL" || tag === "UL") {
        flush();
        const ordered = tag === "OL";
        const type = child.getAttribute?.("type") ?? "1";
        let n = Number.parseInt(child.getAttribute?.("start") ?? "1", 10);
        if (!Number.isFinite(n)) n = 1;
        for (const item of Array.from(child.childNodes)) {
          if (item.nodeType === 1 && item.nodeName.toUpperCase() === "LI") {
            const value = Number.parseInt(item.getAttribute?.("value") ?? "", 10);
            if (Number.isFinite(value)) n = value;
            marker = listMarker(type, n, ordered);
            walk(item);
            flush();
            marker = "";
            n++;
          } else {
            walk({ nodeType: 1, nodeName: "SPAN", textContent: null, childNodes: [item] });
          }
        }
        flush();
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

/** A date from file metadata as `YYYY-MM-DD` in the document's own time zone, or null. */
export const toDate = documentDate;

/** Trimmed, white-space collapsed metadata text, or null when empty. */
export function cleanMeta(value: unknown, maxLength = 300): string | null {
  if (typeof value !== "string") return null;
  const text = value.replace(/\s+/g, " ").trim();
  return text ? text.slice(0, maxLength) : null;
}
