import {
  codingId,
  fold,
  type MatchOptions,
  matchQuery,
  originSpan,
  parseQuery,
  prepare,
  regexSpans,
} from "@gloss/core/search";

import { describe, expect, it } from "vitest";

const LOOSE: MatchOptions = { caseSensitive: false, wholeWord: false };
const WORDS: MatchOptions = { caseSensitive: false, wholeWord: true };

/** Every hit of `q` in `text` as [start, end, exact] in canonical offsets. */
function hits(
  text: string,
  q: string,
  options: MatchOptions = LOOSE,
): Array<[number, number, string]> {
  const searchable = prepare(text).searchable(options.caseSensitive);
  return matchQuery(searchable, parseQuery(q), options).map((h) => {
    const { start, end } = originSpan(searchable.folded, h.from, h.to);
    return [start, end, text.slice(start, end)];
  });
}

/**
 * A generated corpus: filler sentences with planted occurrences whose offsets are recorded as the
 * text is built, so the expected hits are known independently of the matcher.
 */
function plant(parts: Array<string | { hit: string }>): {
  text: string;
  planted: Array<[number, number, string]>;
} {
  let text = "";
  const planted: Array<[number, number, string]> = [];
  for (const part of parts) {
    if (typeof part === "string") text += part;
    else {
      planted.push([text.length, text.length + part.hit.length, part.hit]);
      text += part.hit;
    }
  }
  return { text, planted };
}

describe("folding keeps a map to the canonical text", () => {
  it("maps folded units back across accents, case expansion and whitespace runs", () => {
    const text = "İstanbul  Café\nSÃO";
    const folded = fold(text, { caseSensitive: false });
    expect(folded.text).toBe("istanbul cafe sao");
    const at = folded.text.indexOf("cafe");
    expect(originSpan(folded, at, at + 4)).toEqual({ start: 10, end: 14 });
    expect(originSpan(folded, 0, 1)).toEqual({ start: 0, end: 1 });
  });
});

describe("words and phrases on a generated corpus", () => {
  it("finds every planted occurrence whatever its case and accents", () => {
    const { text, planted } = plant([
      "Le rapport cite ",
      { hit: "Myawaddy" },
      " trois fois. À ",
      { hit: "MYAWADDY" },
      " les recruteurs attendaient.\n\nÀ l'est de ",
      { hit: "Myāwaddy" },
      " il y a la frontière.",
    ]);
    expect(hits(text, "myawaddy")).toEqual(planted);
    expect(hits(text, "Myawaddy", { caseSensitive: true, wholeWord: false })).toEqual([
      planted[0],
      planted[2],
    ]);
  });

  it("matches diacritics both ways: the query's accents are folded too", () => {
    const text = "Le résumé et le resume.";
    expect(hits(text, "résumé")).toEqual([
      [3, 9, "résumé"],
      [16, 22, "resume"],
    ]);
  });

  it("finds a phrase across a line break inside a paragraph, never across paragraphs", () => {
    const { text, planted } = plant([
      "The supervisor collected every ",
      { hit: "passport and\ntold" },
      " the men.\n\nHe kept the passport\n\nand told nobody.",
    ]);
    expect(hits(text, '"passport and told"')).toEqual(planted);
  });

  it("reports overlapping phrase matches each", () => {
    const text = "la la la land";
    expect(hits(text, '"la la"')).toEqual([
      [0, 5, "la la"],
      [3, 8, "la la"],
      [6, 11, "la la"], // "la la(nd)": a substring hit
    ]);
    expect(hits(text, '"la la"', WORDS).map((h) => h[0])).toEqual([0, 3]);
  });

  it("finds Arabic words behind و and ال, and Thai words without spaces", () => {
    const arabic = "صادر الجيش الجوازات والجيش يعلم";
    const found = hits(arabic, "جيش", WORDS);
    expect(found).toEqual([
      [7, 10, "جيش"],
      [23, 26, "جيش"],
    ]);
    expect(hits(arabic, "الجيش", WORDS).map((h) => h[0])).toEqual([5, 21]);
    const thai = "นายจ้างยึดหนังสือเดินทางของคนงาน";
    const start = thai.indexOf("หนังสือเดินทาง");
    expect(hits(thai, "หนังสือเดินทาง", WORDS)).toEqual([[start, start + 14, "หนังสือเดินทาง"]]);
    // Whole words: a Thai word inside another is not a word hit, though it is a substring hit.
    expect(hits(thai, "หนังสือ", WORDS)).toEqual([]);
    expect(hits(thai, "หนังสือ")).toHaveLength(1);
  });

  it("finds a whole Chinese word in a long run without spaces", () => {
    const run = `没收了没收了没收了${"工人们说护照被没收了。".repeat(60)}`; // no space; a 护照 at 255–257
    const found = hits(run, "护照", WORDS);
    expect(found).toHaveLength(60);
    expect(found.every(([start, end]) => run.slice(start, end) === "护照")).toBe(true);
  });

  it("does not let a possessive or a French elision hide a word", () => {
    const text = "Myawaddy’s brokers and Myawaddy's police; l'armée et L’Armée.";
    expect(hits(text, "myawaddy", WORDS).map((h) => h[2])).toEqual(["Myawaddy", "Myawaddy"]);
    expect(hits(text, "armee", WORDS).map((h) => h[2])).toEqual(["armée", "Armée"]);
    expect(hits(text, "l'armée", WORDS).map((h) => h[2])).toEqual(["l'armée", "L’Armée"]);
  });

  it("whole words refuse a hit inside a longer word; substring search keeps it", () => {
    const text = "The war in the software award.";
    expect(hits(text, "war", WORDS)).toEqual([[4, 7, "war"]]);
    expect(hits(text, "war").map((h) => h[0])).toEqual([4, 19, 25]);
  });

  it("extends a wildcard to the end of the word, before a possessive", () => {
    const text = "Trafficking, traffickers' and the trafficker's boat; not untrafficked.";
    expect(hits(text, "traffick*", WORDS).map((h) => h[2])).toEqual([
      "Trafficking",
      "traffickers",
      "trafficker",
    ]);
    expect(hits(text, "traffick*").map((h) => h[2])).toEqual([
      "Trafficking",
      "traffickers",
      "trafficker",
      "trafficked",
    ]);
  });
});

describe("boolean operators and proximity against hand-computed answers", () => {
  const text = [
    "The broker confiscated her passport at the border.", // ¶1
    "Debt bondage kept them in the factory.", // ¶2
    "Her passport was returned; nothing was confiscated.", // ¶3
  ].join("\n\n");

  it("AND needs every operand in the document and shows the hits of both", () => {
    expect(hits(text, "passport debt").map((h) => h[2])).toEqual(["passport", "Debt", "passport"]);
    expect(hits(text, "passport AND wages")).toEqual([]);
  });

  it("OR shows the hits of whichever operand occurs", () => {
    expect(hits(text, "wages OR bondage").map((h) => h[2])).toEqual(["bondage"]);
  });

  it("NOT removes a document, and a negated-only query is refused", () => {
    expect(hits(text, "passport NOT bondage")).toEqual([]);
    expect(hits(text, "passport NOT wages")).toHaveLength(2);
    expect(() => parseQuery("NOT passport")).toThrow(/not negated/);
    expect(() => parseQuery('"unclosed')).toThrow(/closing quote/);
    expect(() => parseQuery("a NEAR/0 b")).toThrow(/NEAR/);
  });

  it("NEAR/n finds pairs at most n words apart inside one paragraph, smallest windows", () => {
    // ¶1: confiscated(3) … passport(5): 2 words apart. ¶3: passport(2) … confiscated(7): 5 apart.
    const first = text.indexOf("confiscated");
    const firstEnd = text.indexOf("passport") + "passport".length;
    expect(hits(text, "passport NEAR/2 confiscat*")).toEqual([
      [first, firstEnd, "confiscated her passport"],
    ]);
    expect(hits(text, "passport NEAR/5 confiscat*")).toHaveLength(2);
    // Across the paragraph break the words are near in count but not in the same paragraph.
    expect(hits(text, "border NEAR/3 debt")).toEqual([]);
    // Two brokers near one word: the inner pair only.
    expect(hits("broker broker fled", "broker NEAR/3 fled").map((h) => h[2])).toEqual([
      "broker fled",
    ]);
  });
});

describe("coding ids and the regex worker", () => {
  it("derives one valid annotation id per passage and code set, whatever the codes' order", () => {
    const a = codingId("ws_1", "doc_1", 2, { start: 3, end: 9 }, ["torture", "corruption"]);
    expect(a).toMatch(/^ann_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(codingId("ws_1", "doc_1", 2, { start: 3, end: 9 }, ["corruption", "torture"])).toBe(a);
    expect(codingId("ws_1", "doc_1", 3, { start: 3, end: 9 }, ["corruption", "torture"])).not.toBe(
      a,
    );
  });

  it("steps over empty matches and reports UTF-16 offsets", async () => {
    const spans = await regexSpans("x*", "gu", ["a😀xxb", "x"], { limitMs: 5_000, maxHits: 100 });
    expect(spans).toEqual([
      [3, 5],
      [0, 1],
    ]);
  });
});
