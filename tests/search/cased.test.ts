import { handleS3Event } from "@gloss/core/ingest";
import * as Search from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import { encodeEventKey } from "@gloss/local";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { makeDocument } from "../support/data.ts";

/** Latin with diacritics (composed and decomposed), Arabic with harakat, Burmese, Greek, Deseret. */
const TEXTS = {
  latin:
    "Émigrés À Paris: l'Armée a Confisqué les Passeports.\n\nE\u0301COLE de Ça Va; ÉCOLE, école, Ecole.\nThe Broker's men, Ǆemal and ǅana, ΣΟΦΊΑ and Σοφία, МОСКВА and Москва; 𐐀𐐨 and 𐐀.",
  arabic: "وَالجَيْشُ صادر جوازات السفر. الجيش والجيش\n\nقال العامل: صادَرَ الوسيط الجوازَ. Passport صادر",
  burmese: "မြဝတီ နယ်စပ်တွင် Passport များကို သိမ်းဆည်းခဲ့သည်။\n\nအလုပ်သမားများ MYAWADDY မြဝတီ၌ ဖမ်းဆီးခံရသည်။",
};

/** The case-sensitive folding as the shard made it before: folded in process from the canonical text. */
const folded = (text: string) => Search.fold(text, { caseSensitive: true });

describe("case-sensitive folding derived from the stored preparation", () => {
  it("\\p{Changes_When_Lowercased} is exactly the code points toLowerCase changes", () => {
    const cwl = /\p{Changes_When_Lowercased}/u;
    const differ: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      if ((s.toLowerCase() !== s) !== cwl.test(s)) differ.push(c);
    }
    expect(differ).toEqual([]);
  });

  it("word boundaries do not depend on case, for every code point that has case", () => {
    const cwl = /\p{Changes_When_Lowercased}/u;
    const letters: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      if (cwl.test(s) && s.toLowerCase().length === s.length) letters.push(s);
    }
    const contexts = [
      "a#a",
      "#",
      "1#1",
      "#'#",
      "#.#",
      "# #",
      "##",
      "#1",
      "a'#",
      "#:a",
      "#_#",
      "#,#",
    ];
    const text = letters.flatMap((l) => contexts.map((c) => c.replaceAll("#", l))).join(" ");
    const lower = letters
      .flatMap((l) => contexts.map((c) => c.replaceAll("#", l.toLowerCase())))
      .join(" ");
    expect(lower.length).toBe(text.length);
    const a = Search.wordsOf({ text });
    const b = Search.wordsOf({ text: lower });
    expect([...a.starts]).toEqual([...b.starts]);
    expect([...a.ends]).toEqual([...b.ends]);
  });

  it("gives the in-process folding's text, origins and words on Latin, Arabic and Burmese", () => {
    for (const text of Object.values(TEXTS)) {
      const prepared = Search.buildPrepared(text);
      const reference = folded(text);
      expect(Search.casedText(text, prepared)).toBe(reference.text);
      expect([...Search.expandOrigin(prepared.runs)]).toEqual([...reference.origin]);
      const words = Search.wordsOf(reference);
      expect([...prepared.words.starts]).toEqual([...words.starts]);
      expect([...prepared.words.ends]).toEqual([...words.ends]);
    }
  });

  it("gives the in-process folding for every code point with case, in text", () => {
    const cwl = /\p{Changes_When_Lowercased}/gu;
    const all: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      if (s.match(cwl)) all.push(`${s}e\u0301${s}a ${s}\n`);
    }
    const text = all.join("");
    expect(Search.casedText(text, Search.buildPrepared(text))).toBe(folded(text).text);
  });

  it("declines a preparation that is not this text's (the caller then folds in process)", () => {
    expect(Search.casedText("Passport", Search.buildPrepared("xassport"))).toBeNull();
  });
});

describe("case-sensitive and regex searches give the same hits as before", () => {
  let t: TestApp;
  const docs: Array<{ id: string; text: string }> = [];

  beforeAll(async () => {
    t = await makeTestApp();
    for (const [title, text] of [
      ...Object.entries(TEXTS),
      ["istanbul", "İstanbul, İSTANBUL, Istanbul."],
    ]) {
      const doc = await makeDocument(t, { title, text: text! });
      const key = Storage.objectKeys.text(t.workspaceId, doc.id, 1);
      const event = {
        Records: [
          {
            eventName: "ObjectCreated:Put",
            s3: { bucket: { name: t.ctx.bucket }, object: { key: encodeEventKey(key), size: 1 } },
          },
        ],
      };
      await handleS3Event(t.ctx, event);
      docs.push({ id: doc.id, text: await Storage.getText(t.ctx, key) });
    }
    docs.sort((a, b) => (a.id < b.id ? -1 : 1));
  }, 120_000);

  /** Every hit, as the shard found them before: the canonical text folded in case, in process. */
  function reference(q: string, wholeWord: boolean): Array<[string, number, number]> {
    const query = Search.parseQuery(q);
    return docs.flatMap(({ id, text }) => {
      const searchable = Search.prepare(text).searchable(true);
      return Search.matchQuery(searchable, query, { caseSensitive: true, wholeWord }).map(
        (h): [string, number, number] => {
          const { start, end } = Search.originSpan(searchable.folded, h.from, h.to);
          return [id, start, end];
        },
      );
    });
  }

  const found = async (q: string, options: Search.SearchOptions) => {
    const run = await Search.runSearch(t.ctx, t.workspaceId, q, options);
    return run.documents.flatMap((d) =>
      d.hits.map((h): [string, number, number] => [d.document.id, h.start, h.end]),
    );
  };

  const QUERIES = [
    "Passport",
    "passport",
    "Armée",
    "ECOLE",
    "Ecole",
    '"Émigrés À"',
    "Conf*",
    "Σοφία",
    "ΣΟΦΙΑ",
    "Москва",
    "𐐀",
    "الجيش",
    "جيش",
    "صادر NEAR/3 الجواز",
    "မြဝတီ",
    "MYAWADDY OR Myawaddy",
    "İstanbul",
    "Istanbul",
    "Broker",
  ];

  it("case-sensitive: the stored preparation gives the in-process folding's hits", async () => {
    for (const wholeWord of [false, true]) {
      for (const q of QUERIES) {
        Search.shardCache.clear();
        const cold = await found(q, { caseSensitive: true, wholeWord, regex: false });
        expect(cold, `${q} (whole words: ${wholeWord})`).toEqual(reference(q, wholeWord));
        // Warm: from the shard's cache.
        expect(await found(q, { caseSensitive: true, wholeWord, regex: false })).toEqual(cold);
      }
    }
    expect(reference("Passport", false).length).toBeGreaterThan(1);
  }, 180_000);

  it("regex: every match over the canonical texts, cold and cached", async () => {
    for (const [pattern, caseSensitive] of [
      ["[ÉE]\u0301?cole", true],
      ["école", false],
      ["\\p{Script=Arabic}+جيش", false],
      ["မြဝတီ\\S*", true],
      ["pass\\w+", false],
      ["İ\\w+", true],
    ] as const) {
      const regex = new RegExp(pattern, caseSensitive ? "gmu" : "gimu");
      const expected = docs.flatMap(({ id, text }) =>
        [...text.matchAll(regex)]
          .filter((m) => m[0].length > 0)
          .map((m): [string, number, number] => [id, m.index, m.index + m[0].length]),
      );
      Search.shardCache.clear();
      const options = { caseSensitive, wholeWord: false, regex: true };
      const cold = await found(pattern, options);
      expect(cold, pattern).toEqual(expected);
      expect(await found(pattern, options)).toEqual(cold);
    }
  }, 60_000);
});
