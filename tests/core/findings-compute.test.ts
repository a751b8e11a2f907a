import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyFilter,
  computeFindings,
  type FindingsAnnotation,
} from "../../packages/core/src/findings/compute.ts";

const base = { createdBy: "usr_a", createdAt: "2026-03-05T12:00:00.000Z" };

/** Overlapping code pairs by comparing every two passages: what the sweep must equal. */
function bruteOverlaps(list: FindingsAnnotation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const x = list[i]!;
      const y = list[j]!;
      if (x.documentId !== y.documentId || x.start >= y.end || y.start >= x.end) continue;
      for (const a of x.tags) {
        for (const b of y.tags) {
          if (a === b) continue;
          const key = a < b ? `${a}|${b}` : `${b}|${a}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
  }
  return counts;
}

const annotation = fc
  .record({
    documentId: fc.constantFrom("doc_1", "doc_2"),
    start: fc.nat(60),
    length: fc.integer({ min: 1, max: 20 }),
    tags: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 3 }),
  })
  .map(({ length, ...a }) => ({ ...a, end: a.start + length }));

describe("computeFindings", () => {
  it("counts overlapping code pairs exactly as comparing every two passages does", () => {
    fc.assert(
      fc.property(fc.array(annotation, { maxLength: 25 }), (drawn) => {
        const list = drawn.map((a, i) => ({ ...a, id: `ann_${i}`, ...base }));
        const found = computeFindings(list.map((a) => ({ ...a })));
        const got = new Map(found.overlapping.map((p) => [`${p.a}|${p.b}`, p.count]));
        expect(got).toEqual(bruteOverlaps(list));
        expect(found.annotationCount).toBe(list.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("applyFilter", () => {
  const a: FindingsAnnotation = {
    id: "ann_1",
    documentId: "doc_1",
    start: 0,
    end: 4,
    tags: ["a", "b"],
    ...base,
  };

  it("includes the whole day of a bare upper date and narrows codes to the filter's", () => {
    expect(applyFilter(a, { to: "2026-03-05" })).not.toBeNull();
    expect(applyFilter(a, { to: "2026-03-04" })).toBeNull();
    expect(applyFilter(a, { tags: ["b", "z"] })?.tags).toEqual(["b"]);
    expect(applyFilter(a, { tags: ["z"] })).toBeNull();
  });
});
