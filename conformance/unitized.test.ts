import {
  seededRandom,
  type UnitizedSection,
  unitizedAlpha,
  unitizedDisagreement,
} from "@gloss/core/agreement";
import { describe, expect, it } from "vitest";
import { referenceAnswers } from "./support/python.ts";

/**
 * Gloss's αu against an independent Python implementation written from Krippendorff's formulas
 * (conformance/support/unitized.py: quadratic pairings, exact fractions). No published package
 * computes the 1995/2004 αu (`krippendorff` does not; `krippendorff-unitized-alpha` is the 2016
 * uα, a different coefficient), so the reference is written here, deliberately by another route.
 */
interface Dataset {
  coders: number;
  sections: { length: number; units: [number, number][][] }[];
}

/** Coders who unitize a shared "true" set of passages with jittered ends, some missing. */
function generate(seed: number, coders: number, documents: number): Dataset {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const sections = Array.from({ length: documents }, () => {
    const length = 200 + int(400);
    const truth: [number, number][] = [];
    for (let at = int(30); at < length - 20; at += 20 + int(60)) {
      const end = Math.min(length, at + 5 + int(30));
      truth.push([at, end]);
      at = end;
    }
    const units = Array.from({ length: coders }, () => {
      const mine: [number, number][] = [];
      let last = 0;
      for (const [b, e] of truth) {
        if (random() < 0.2) continue;
        const start = Math.max(last, b + int(7) - 3);
        const end = Math.min(length, Math.max(start + 1, e + int(7) - 3));
        if (start >= length) break;
        mine.push([start, end]);
        last = end;
      }
      return mine;
    });
    return { length, units };
  });
  return { coders, sections };
}

const DATASETS = [generate(1, 2, 3), generate(2, 3, 5), generate(3, 5, 4), generate(4, 8, 2)];

const asSections = (d: Dataset): UnitizedSection[] =>
  d.sections.map((s) => ({
    length: s.length,
    units: s.units.map((u) => u.map(([start, end]) => ({ start, end }))),
  }));

describe("unitized αu against an independent implementation of Krippendorff's formulas", () => {
  const { run, answers: references } = referenceAnswers<{
    observed: number;
    expected: number;
    alpha: number;
  }>("unitized.py", DATASETS);

  it("runs the reference implementation", () => {
    expect(run.status, run.stderr).toBe(0);
  });

  DATASETS.forEach((dataset, i) => {
    it(`agrees to 1e-9 on dataset ${i + 1} (${dataset.coders} coders)`, () => {
      const reference = references[i]!;
      const d = unitizedDisagreement(asSections(dataset), dataset.coders);
      expect(Math.abs(d.observed - reference.observed)).toBeLessThan(1e-9);
      expect(Math.abs(d.expected - reference.expected)).toBeLessThan(1e-9);
      expect(reference.alpha).toBeGreaterThan(0);
      expect(reference.alpha).toBeLessThan(1);
      expect(Math.abs(unitizedAlpha([d])! - reference.alpha)).toBeLessThan(1e-9);
    });
  });
});
