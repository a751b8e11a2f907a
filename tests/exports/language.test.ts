import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../packages/core/src/text/language.ts";
import { makeTestApp } from "../support/app.ts";
import { annotate, makeDocument, tickingClock } from "../support/data.ts";
import { download, exportPath } from "./support.ts";

/** One sentence of testimony in each language, as a researcher's sources hold them. */
const TEXT = {
  ar: "قال العمال إن الوسيط أخذ جوازات سفرهم واحتفظ بها لعدة أشهر، ثم نقلهم إلى مجمع مغلق على الحدود.",
  my: "အလုပ်သမားများက ပွဲစားသည် ၎င်းတို့၏ နိုင်ငံကူးလက်မှတ်များကို ယူသွားပြီး လများစွာ သိမ်းထားသည်ဟု ပြောသည်။",
  en: "Workers said the broker took their passports and kept them for months before moving them to a closed compound near the border.",
  fr: "Les travailleurs ont déclaré que le recruteur avait confisqué leurs passeports pendant des mois avant de les transférer dans un complexe fermé.",
  es: "Los trabajadores dijeron que el reclutador se quedó con sus pasaportes durante meses.",
  pt: "Os trabalhadores disseram que o recrutador ficou com os passaportes deles durante meses.",
  ru: "Рабочие сказали, что вербовщик забрал их паспорта и держал их несколько месяцев.",
  uk: "Робітники сказали, що вербувальник забрав їхні паспорти і тримав їх кілька місяців.",
  fa: "کارگران گفتند که دلال گذرنامه‌هایشان را گرفت و چند ماه نگه داشت.",
  ur: "مزدوروں نے کہا کہ ایجنٹ نے ان کے پاسپورٹ لے لیے اور کئی مہینے اپنے پاس رکھے۔",
  zh: "工人们说，中介拿走了他们的护照，并扣留了好几个月，然后把他们转移到边境附近的园区。",
  ja: "労働者たちは、仲介業者がパスポートを取り上げ、何か月も保管していたと言った。",
} as const;

describe("detectLanguage", () => {
  it("tells each script's language, and Latin and Cyrillic languages apart", () => {
    for (const [language, text] of Object.entries(TEXT)) {
      expect(detectLanguage(text), language).toBe(language);
    }
  });

  it("says nothing on short text, however clear it looks", () => {
    expect(detectLanguage("Named in two sources here")).toBeUndefined();
    expect(detectLanguage("Corroborated by the second witness statement")).toBeUndefined();
    expect(detectLanguage("الشرطة احتجزت")).toBeUndefined();
    expect(detectLanguage("")).toBeUndefined();
    expect(detectLanguage("2019-04-15 12:00 — 450 USD")).toBeUndefined();
  });

  it("says nothing on a text split between two scripts", () => {
    expect(detectLanguage(`${TEXT.en} ${TEXT.ar} ${TEXT.ar}`)).toBeUndefined();
  });

  it("samples a long text, so its title page does not decide it", () => {
    const book = `${TEXT.en}\n\n${`${TEXT.fr}\n\n`.repeat(200)}`;
    expect(detectLanguage(book)).toBe("fr");
  });
});

describe("language in annotations.jsonld", () => {
  it("tags each document's target and each note's body with its detected language, short notes and tags with none", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const notes = {
      ar: TEXT.ar,
      my: TEXT.my,
      en: TEXT.en,
      fr: TEXT.fr,
    };
    const passages = new Map<string, string>();
    for (const language of ["ar", "my", "en", "fr"] as const) {
      const doc = await makeDocument(t, { title: `Source ${language}`, text: TEXT[language] });
      const quote = [...TEXT[language]].slice(5, 25).join("");
      const passage = await annotate(t, doc.id, quote, {
        tags: ["forced-labour"],
        note: notes[language],
      });
      passages.set(passage.id, language);
    }
    const english = await makeDocument(t, { title: "Short note", text: TEXT.en });
    const short = await annotate(t, english.id, "the broker took", {
      tags: ["trafficking"],
      note: "Named in two sources here",
    });

    const reply = await download(t, exportPath(t, "annotations.jsonld"));
    expect(reply.status).toBe(200);
    const items: Array<{
      id: string;
      target: { source: { language?: string } };
      body: Array<{ purpose: string; language?: string }>;
    }> = JSON.parse(reply.text).first.items;
    expect(items).toHaveLength(5);
    const byId = (id: string) => items.find((i) => i.id.endsWith(`/annotations/${id}`))!;
    for (const [id, language] of passages) {
      const item = byId(id);
      expect(item.target.source.language, language).toBe(language);
      const note = item.body.find((b) => b.purpose === "commenting")!;
      expect(note.language, language).toBe(language);
      const tag = item.body.find((b) => b.purpose === "tagging")!;
      expect(tag).not.toHaveProperty("language");
    }
    const five = byId(short.id);
    expect(five.target.source.language).toBe("en");
    expect(five.body.find((b) => b.purpose === "commenting")).not.toHaveProperty("language");
  });
});
