import { describe, expect, it } from "vitest";
import { splitParagraphs } from "../../packages/web/src/features/reader/paragraphs.ts";
import { extendByWord, trimSpace, wordFrom } from "../../packages/web/src/features/reader/words.ts";

const TEXT = "Recruiters visited the villages in March.\n\nพวกเขาสัญญาว่าจะมีงานทำ abroad.";
const paragraphs = splitParagraphs(TEXT);
const at = (phrase: string) => TEXT.indexOf(phrase);
const slice = (r: { start: number; end: number }) => TEXT.slice(r.start, r.end);

describe("word-wise keyboard selection", () => {
  it("finds the next and previous word from any offset, across paragraphs", () => {
    expect(slice(wordFrom(TEXT, paragraphs, 0, 1)!)).toBe("Recruiters");
    expect(slice(wordFrom(TEXT, paragraphs, 1, 1)!)).toBe("visited");
    expect(slice(wordFrom(TEXT, paragraphs, at("the"), -1)!)).toBe("visited");
    // After the last word of a paragraph: the first of the next one, in a script without spaces.
    expect(slice(wordFrom(TEXT, paragraphs, at("March") + 1, 1)!)).not.toMatch(/\s/);
    expect(wordFrom(TEXT, paragraphs, TEXT.length, 1)).toBeNull();
  });

  it("extends to the end of the next word and shrinks to the end of the one before, never into a space", () => {
    let selection = { start: at("the"), end: at("the") + 3 };
    selection = extendByWord(TEXT, paragraphs, selection, 1);
    expect(slice(selection)).toBe("the villages");
    selection = extendByWord(TEXT, paragraphs, selection, 1);
    expect(slice(selection)).toBe("the villages in");
    selection = extendByWord(TEXT, paragraphs, selection, -1);
    expect(slice(selection)).toBe("the villages");
    selection = extendByWord(TEXT, paragraphs, selection, -1);
    expect(slice(selection)).toBe("the");
    // Never below the first word.
    expect(slice(extendByWord(TEXT, paragraphs, selection, -1))).toBe("the");
  });

  it("completes a word a drag ended inside of", () => {
    const inside = { start: at("villages"), end: at("villages") + 3 };
    expect(slice(extendByWord(TEXT, paragraphs, inside, 1))).toBe("villages");
  });

  it("trims white space at either end of a passage", () => {
    expect(slice(trimSpace(TEXT, at("the") - 1, at("the") + 4))).toBe("the");
  });
});
