import { decodeText, decodeWindows1252, extract, repairMojibake } from "@gloss/core/ingest";
import { describe, expect, it } from "vitest";

/** The windows-1252 bytes of a text (every character must have one). */
function cp1252(text: string): Uint8Array {
  const high: Record<string, number> = {
    "€": 0x80,
    "‚": 0x82,
    "„": 0x84,
    "…": 0x85,
    "‘": 0x91,
    "’": 0x92,
    "“": 0x93,
    "”": 0x94,
    "•": 0x95,
    "–": 0x96,
    "—": 0x97,
    "™": 0x99,
    œ: 0x9c,
    Œ: 0x8c,
    Ÿ: 0x9f,
  };
  return Uint8Array.from([...text].map((c) => high[c] ?? c.charCodeAt(0)));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

const page = (charset: string | null, body: string) =>
  `<!doctype html><html><head>${charset ? `<meta charset="${charset}">` : ""}<title>Mission report</title></head><body><article><h1>Mission report</h1><p>${body}</p><p>The second paragraph of the report, long enough for Readability to keep it as content.</p></article></body></html>`;

// Prose with every character that Node 20's windows-1252 decoder turns into a C1 control.
const PROSE =
  "The delegation’s “final” note — costing €4,500 … was filed in Zürich on 3–4 May; Œuvre • ™ œ Ÿ „quoted‚";

describe("decoding text files", () => {
  it("decodes windows-1252 by its table, not as C1 controls", () => {
    expect(decodeWindows1252(cp1252(PROSE))).toBe(PROSE);
    // The five unassigned bytes stay C1 codes (which canonical text then drops), as WHATWG says.
    expect(decodeWindows1252(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe(
      "\u0081\u008d\u008f\u0090\u009d",
    );
  });

  const golden: Array<[name: string, bytes: Uint8Array, declared: string | null, text: string]> = [
    ["windows-1252 declared", cp1252(PROSE), "windows-1252", PROSE],
    [
      "ISO-8859-1 declared is read as windows-1252, as browsers do",
      cp1252(PROSE),
      "iso-8859-1",
      PROSE,
    ],
    [
      "undeclared Latin-1 falls back to windows-1252",
      cp1252("Café à Genève"),
      null,
      "Café à Genève",
    ],
    [
      "valid UTF-8 declared as gb2312 stays UTF-8",
      utf8("Café — “à” Genève 你好"),
      "gb2312",
      "Café — “à” Genève 你好",
    ],
    ["valid UTF-8 declared as windows-1252 stays UTF-8", utf8(PROSE), "windows-1252", PROSE],
    ["real gb2312 declared as gb2312", Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3]), "gb2312", "你好"],
    [
      "an unknown label falls back to windows-1252",
      cp1252("“quoted”"),
      "x-no-such-charset",
      "“quoted”",
    ],
    [
      "UTF-16 LE with its BOM",
      Uint8Array.from([
        0xff,
        0xfe,
        ...[..."Zürich €"].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
      ]),
      "windows-1252",
      "Zürich €",
    ],
    [
      "UTF-16 BE with its BOM",
      Uint8Array.from([
        0xfe,
        0xff,
        ...[..."Zürich €"].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]),
      ]),
      null,
      "Zürich €",
    ],
    [
      "UTF-8 once misread as windows-1252 and saved again is repaired",
      utf8("The delegationâ€™s â€œfinalâ€\u009d note in ZÃ¼rich"),
      null,
      "The delegation’s “final” note in Zürich",
    ],
  ];
  for (const [name, bytes, declared, text] of golden) {
    it(name, () => {
      expect(decodeText(bytes, declared).text).toBe(text);
    });
  }

  it("leaves Latin-1 prose that only looks like mojibake alone", () => {
    for (const text of ["São Paulo", "Ã bientôt", "LÃ and ©"])
      expect(repairMojibake(text)).toBe(text);
  });
});

describe("extracting HTML in legacy and mis-declared encodings", () => {
  const cases: Array<[name: string, bytes: Uint8Array]> = [
    ["windows-1252 declared", cp1252(page("windows-1252", PROSE))],
    ["ISO-8859-1 declared", cp1252(page("iso-8859-1", PROSE))],
    ["undeclared windows-1252", cp1252(page(null, PROSE))],
    ["UTF-8 declared as gb2312", utf8(page("gb2312", PROSE))],
    ["UTF-8 declared as ISO-8859-1", utf8(page("ISO-8859-1", PROSE))],
  ];
  for (const [name, bytes] of cases) {
    it(`keeps quotes, dashes, € and … (${name})`, async () => {
      const result = await extract(bytes, "report.html");
      expect(result.text).toContain(PROSE);
      expect(result.text).not.toMatch(/[\uFFFD\u0080-\u009F]|â€|Ã/);
    });
  }
});

describe("extracting UTF-16 text files", () => {
  it("reads a UTF-16 text file with its BOM instead of refusing it as binary", async () => {
    const text = "Interview 7\n\nR7 answered an advert — “customer service”.";
    const le = Uint8Array.from([
      0xff,
      0xfe,
      ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ]);
    const result = await extract(le, "interview.txt");
    expect(result.format).toBe("text");
    expect(result.text).toBe(text);
  });
});
