import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromSearch,
  isEmpty,
  NO_FILTER,
  passesAuthorAndDate,
  toParams,
  toSearch,
} from "../../packages/web/src/features/findings/filter.ts";
import { multiCodeStretches } from "../../packages/web/src/features/reader/overlaps.ts";
import { paragraphAt, splitParagraphs } from "../../packages/web/src/features/reader/paragraphs.ts";
import { nextSentence, sentenceAt } from "../../packages/web/src/features/reader/sentences.ts";

// The reader's pure logic, without a browser: paragraphs, sentences, overlap marks, the findings
// filter. The rendering that uses them is tested in Chromium (tests/e2e).

describe("paragraphs of canonical text", () => {
  it("splits at every blank line and finds the paragraph of any offset, the gaps included", () => {
    const text = "First one.\n\nSecond, longer one.\n\nThird.";
    const paragraphs = splitParagraphs(text);
    expect(paragraphs.map((p) => text.slice(p.start, p.end))).toEqual([
      "First one.",
      "Second, longer one.",
      "Third.",
    ]);
    expect(paragraphAt(paragraphs, 0)).toBe(0);
    expect(paragraphAt(paragraphs, text.indexOf("\n\n"))).toBe(0);
    expect(paragraphAt(paragraphs, text.indexOf("Second"))).toBe(1);
    expect(paragraphAt(paragraphs, text.length)).toBe(2);
  });

  it("covers the text exactly: paragraphs plus their separators give it back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z .]{1,12}$/), { minLength: 1, maxLength: 12 }),
        (parts) => {
          const text = parts.join("\n\n");
          const paragraphs = splitParagraphs(text);
          expect(paragraphs.map((p) => text.slice(p.start, p.end)).join("\n\n")).toBe(text);
          for (const [i, p] of paragraphs.entries()) {
            expect(paragraphAt(paragraphs, p.start)).toBe(i);
            expect(paragraphAt(paragraphs, p.end - 1)).toBe(i);
          }
        },
      ),
    );
  });
});

describe("sentences for keyboard selection", () => {
  const text =
    "The agent came at night. “Pay or stay,” he said! Was it March?\n\nThey left… Nobody knew (then.) Done";
  const paragraphs = splitParagraphs(text);
  const sentence = (offset: number) => {
    const s = sentenceAt(text, paragraphs, offset);
    return s && text.slice(s.start, s.end);
  };

  it("takes the sentence around an offset, with its closing marks, without leading space", () => {
    expect(sentence(0)).toBe("The agent came at night.");
    expect(sentence(text.indexOf("night"))).toBe("The agent came at night.");
    expect(sentence(text.indexOf("Pay"))).toBe("“Pay or stay,” he said!");
    expect(sentence(text.indexOf("March"))).toBe("Was it March?");
    expect(sentence(text.indexOf("left"))).toBe("They left…");
    expect(sentence(text.indexOf("knew"))).toBe("Nobody knew (then.)");
    expect(sentence(text.indexOf("Done"))).toBe("Done");
  });

  it("never crosses a paragraph, and from a gap takes the next paragraph's first sentence", () => {
    expect(sentence(text.indexOf("\n\n") + 1)).toBe("They left…");
    const lastOfFirst = sentenceAt(text, paragraphs, text.indexOf("March"))!;
    const next = nextSentence(text, paragraphs, lastOfFirst.end)!;
    expect(text.slice(next.start, next.end)).toBe("They left…");
    expect(nextSentence(text, paragraphs, text.length)).toBeNull();
    expect(sentenceAt("", [], 0)).toBeNull();
  });

  it("returns a span inside the offset's paragraph for any offset of any text", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z .!?\n]{1,80}$/), fc.nat(), (raw, pick) => {
        const t = raw.replace(/\n{3,}/g, "\n\n");
        const ps = splitParagraphs(t);
        const offset = pick % (t.length + 1);
        const s = sentenceAt(t, ps, offset);
        if (!s) return;
        expect(s.start).toBeLessThanOrEqual(s.end);
        const inside = ps.find((p) => p.start <= s.start && s.end <= p.end);
        expect(inside, JSON.stringify({ t, offset, s })).toBeDefined();
      }),
    );
  });
});

describe("stretches where more than one code is painted", () => {
  /** Brute force: the depth at every character, merged into runs of depth ≥ 2. */
  function reference(spans: Array<{ start: number; end: number; tags: string[] }>) {
    const length = Math.max(0, ...spans.map((s) => s.end));
    const depth = new Array<number>(length).fill(0);
    for (const s of spans) {
      for (let i = s.start; i < s.end; i++) depth[i]! += Math.max(1, s.tags.length);
    }
    const runs: Array<[number, number]> = [];
    for (let i = 0; i < length; i++) {
      if (depth[i]! < 2) continue;
      const last = runs[runs.length - 1];
      if (last && last[1] === i) last[1] = i + 1;
      else runs.push([i, i + 1]);
    }
    return runs;
  }

  it("marks overlaps and passages with several codes, not passages that only touch", () => {
    expect(
      multiCodeStretches([
        { start: 0, end: 10, tags: ["a"] },
        { start: 5, end: 15, tags: ["b"] },
        { start: 15, end: 20, tags: ["c"] },
        { start: 30, end: 35, tags: ["d", "e"] },
        { start: 40, end: 40, tags: ["f", "g"] },
      ]),
    ).toEqual([
      [5, 10],
      [30, 35],
    ]);
    expect(multiCodeStretches([])).toEqual([]);
  });

  it("agrees with counting codes character by character", () => {
    const span = fc
      .record({
        start: fc.nat({ max: 60 }),
        length: fc.integer({ min: 0, max: 20 }),
        tags: fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 3 }),
      })
      .map(({ start, length, tags }) => ({ start, end: start + length, tags }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), (spans) => {
        expect(multiCodeStretches(spans)).toEqual(reference(spans));
      }),
    );
  });
});

describe("the findings filter", () => {
  const filter = {
    documentIds: ["doc_1", "doc_2"],
    tags: ["forced-labour"],
    authors: ["usr_a"],
    from: "2024-03-01",
    to: "2024-03-31",
    attributes: {},
  };

  it("survives a round trip through the page address and ignores malformed dates", () => {
    expect(fromSearch(toSearch(filter))).toEqual(filter);
    expect(toSearch(NO_FILTER)).toBe("");
    expect(isEmpty(NO_FILTER)).toBe(true);
    expect(isEmpty(filter)).toBe(false);
    const consensus = { ...filter, layer: "consensus" as const };
    expect(toSearch(consensus)).toContain("layer=consensus");
    expect(fromSearch(toSearch(consensus))).toEqual(consensus);
    expect(fromSearch("?from=March&to=2024-13-1&tag=a,,b")).toEqual({
      ...NO_FILTER,
      attributes: {},
      tags: ["a", "b"],
    });
    expect(toParams(filter)).toEqual({
      documentId: "doc_1,doc_2",
      tag: "forced-labour",
      author: "usr_a",
      from: "2024-03-01",
      to: "2024-03-31",
    });
  });

  it("passes an annotation by author and by day, the whole last day included", () => {
    const at = (createdBy: string, createdAt: string) =>
      ({ createdBy, createdAt }) as Parameters<typeof passesAuthorAndDate>[0];
    expect(passesAuthorAndDate(at("usr_a", "2024-03-31T23:59:59.000Z"), filter)).toBe(true);
    expect(passesAuthorAndDate(at("usr_a", "2024-03-01T00:00:00.000Z"), filter)).toBe(true);
    expect(passesAuthorAndDate(at("usr_a", "2024-04-01T00:00:00.000Z"), filter)).toBe(false);
    expect(passesAuthorAndDate(at("usr_a", "2024-02-29T23:59:59.999Z"), filter)).toBe(false);
    expect(passesAuthorAndDate(at("usr_b", "2024-03-15T00:00:00.000Z"), filter)).toBe(false);
    expect(passesAuthorAndDate(at("usr_b", "2024-03-15T00:00:00.000Z"), NO_FILTER)).toBe(true);
  });
});
