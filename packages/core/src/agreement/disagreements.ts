import { type DocumentCoding, type UnitOptions, unitsForCode } from "./coding.ts";
import { paragraphs, type Span, sentences } from "./units.ts";

/** A unit of a document on which the coders did not all agree about one code. */
export interface Disagreement extends Span {
  code: string;
  /** Coders who coded the unit with the code, and those who judged it and did not. */
  coded: string[];
  notCoded: string[];
}

/**
 * The units of one document where the coders who judged it disagree about a code, in text order
 * (then by code): the same units and the same overlap rule as the agreement, so the list is what
 * the coefficients counted as disagreement. Characters are listed as runs of characters on which
 * every coder's judgement is constant (a run per change, not one entry per character).
 */
export function disagreementsOf(
  doc: DocumentCoding,
  codes: readonly string[],
  coders: readonly string[],
  options: UnitOptions,
): Disagreement[] {
  const out: Disagreement[] = [];
  for (const code of codes) {
    if (options.granularity === "character") {
      out.push(...characterDisagreements(doc, code, coders));
      continue;
    }
    const spans =
      options.granularity === "sentence"
        ? sentences(doc.text, options.locale)
        : paragraphs(doc.text);
    const values = unitsForCode(doc, code, coders, options);
    spans.forEach((span, i) => {
      const row = values[i]!.values;
      const coded = coders.filter((_, c) => row[c] === 1);
      const notCoded = coders.filter((_, c) => row[c] === 0);
      if (coded.length > 0 && notCoded.length > 0) {
        out.push({ code, start: span.start, end: span.end, coded, notCoded });
      }
    });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
}

/**
 * Characters: runs between the boundaries of the code's passages, each coder coding a run when one
 * of their passages covers it; neighbouring runs with the same judgements are joined.
 */
function characterDisagreements(
  doc: DocumentCoding,
  code: string,
  coders: readonly string[],
): Disagreement[] {
  const length = doc.text.length;
  const judged = new Set(doc.judgedBy);
  const own = coders.map((coder) =>
    doc.passages.filter((p) => p.coder === coder && p.tags.includes(code)),
  );
  const boundaries = new Set<number>([0, length]);
  for (const list of own) {
    for (const p of list) {
      boundaries.add(Math.max(0, Math.min(length, p.start)));
      boundaries.add(Math.max(0, Math.min(length, p.end)));
    }
  }
  const sorted = [...boundaries].sort((a, b) => a - b);
  const out: Disagreement[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    if (end <= start) continue;
    const coded: string[] = [];
    const notCoded: string[] = [];
    coders.forEach((coder, c) => {
      if (!judged.has(coder)) return;
      const covers = own[c]!.some((p) => p.start <= start && p.end >= end);
      (covers ? coded : notCoded).push(coder);
    });
    if (coded.length === 0 || notCoded.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.end === start && last.coded.join() === coded.join()) last.end = end;
    else out.push({ code, start, end, coded, notCoded });
  }
  return out;
}
