import { toRoman } from "./blocks.ts";

/**
 * Word list numbering as text. Word stores "1.", "a)", "1.1.1." or "•" nowhere in the text: a
 * paragraph names a numbering (`w:numPr`: numId and level) and `word/numbering.xml` says how each
 * level is written (`w:numFmt`, `w:lvlText` such as "%1.%2."). This pass computes each numbered
 * paragraph's label, as Word displays it, and writes it into the paragraph as text, so the
 * converter (which drops numbering) keeps it. Regular expressions on the XML: the elements read
 * here are flat and their shapes fixed by the schema.
 */

interface Level {
  format: string;
  text: string;
  start: number;
}

const attr = (xml: string, element: string, name = "w:val") =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? null;

/** numId → levels (index = ilvl), from numbering.xml. */
export function parseNumbering(xml: string): Map<string, Level[]> {
  const abstract = new Map<string, Level[]>();
  for (const match of xml.matchAll(
    /<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g,
  )) {
    const levels: Level[] = [];
    for (const lvl of match[2]!.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels[Number(lvl[1])] = {
        format: attr(lvl[2]!, "w:numFmt") ?? "decimal",
        text: attr(lvl[2]!, "w:lvlText") ?? "",
        start: Number(attr(lvl[2]!, "w:start") ?? "1"),
      };
    }
    abstract.set(match[1]!, levels);
  }
  const numbering = new Map<string, Level[]>();
  for (const match of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const id = attr(match[2]!, "w:abstractNumId");
    if (id !== null && abstract.has(id)) numbering.set(match[1]!, abstract.get(id)!);
  }
  return numbering;
}

function letters(n: number): string {
  let label = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) {
    label = String.fromCharCode(97 + ((k - 1) % 26)) + label;
  }
  return label;
}

/** A counter in a level's number format. */
function formatted(n: number, format: string): string {
  switch (format) {
    case "lowerLetter":
      return letters(n);
    case "upperLetter":
      return letters(n).toUpperCase();
    case "lowerRoman":
      return toRoman(n);
    case "upperRoman":
      return toRoman(n).toUpperCase();
    case "none":
      return "";
    default:
      return String(n);
  }
}

/** Bullets set in Symbol or Wingdings are private-use code points: shown as "•". */
const bulletOf = (text: string) =>
  !text || /[\uE000-\uF8FF]/.test(text) || text.charCodeAt(0) < 0x20 ? "•" : text;

/** The XML-escaped form of text for a `w:t`. */
const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * document.xml with each numbered paragraph's label written as its first run and its numbering
 * reference removed (so it reads as a paragraph with its number, not as an unnumbered list item).
 */
export function writeNumbering(documentXml: string, numbering: Map<string, Level[]>): string {
  const counters = new Map<string, number[]>();
  return documentXml.replace(
    /<w:numPr>([\s\S]*?)<\/w:numPr>([\s\S]*?<\/w:pPr>)/g,
    (whole, numPr: string, rest: string) => {
      const numId = attr(numPr, "w:numId");
      const ilvl = Number(attr(numPr, "w:ilvl") ?? "0");
      const levels = numId === null ? undefined : numbering.get(numId);
      const level = levels?.[ilvl];
      if (numId === null || !levels || !level || numId === "0") return whole;
      const count = counters.get(numId) ?? [];
      count[ilvl] = (count[ilvl] ?? level.start - 1) + 1;
      count.length = ilvl + 1; // deeper levels start again
      counters.set(numId, count);
      const label =
        level.format === "bullet"
          ? bulletOf(level.text)
          : level.text.replace(/%([1-9])/g, (_, k: string) => {
              const i = Number(k) - 1;
              const lv = levels[i];
              return formatted(
                count[i] ?? lv?.start ?? 1,
                i === ilvl ? level.format : (lv?.format ?? "decimal"),
              );
            });
      if (!label.trim()) return `${rest}`;
      return `${rest}<w:r><w:t xml:space="preserve">${escapeXml(label)} </w:t></w:r>`;
    },
  );
}
