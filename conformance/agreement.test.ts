import {
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  pairOf,
  type ReliabilityData,
  seededRandom,
} from "@gloss/core/agreement";
import { describe, expect, it } from "vitest";
import { referenceAnswers } from "./support/python.ts";

interface Reference {
  pairs: { coders: [number, number]; kappa: number | null }[];
  fleiss: number | null;
  alpha: number | null;
}

/**
 * Reliability data with a shared "true" category per unit that each coder reproduces with a
 * given accuracy, and cells missing at a given rate: agreement well away from 0 and 1, so a
 * wrong formula shows.
 */
function generate(
  seed: number,
  coders: number,
  units: number,
  categories: number,
  missing: number,
) {
  const random = seededRandom(seed);
  const pick = () => Math.floor(random() * categories);
  const rows = Array.from({ length: units }, () => {
    const truth = pick();
    return Array.from({ length: coders }, () => {
      if (random() < missing) return null;
      return random() < 0.7 ? truth : pick();
    });
  });
  return { coders, units: rows };
}

const DATASETS = [
  generate(1, 2, 60, 2, 0),
  generate(2, 3, 90, 3, 0.1),
  generate(3, 4, 150, 4, 0.2),
  generate(4, 6, 200, 2, 0.3),
  generate(5, 10, 300, 5, 0.15),
];

function asData(d: { coders: number; units: (number | null)[][] }): ReliabilityData {
  return { coders: d.coders, units: d.units.map((values) => ({ values })) };
}

describe("agreement against scikit-learn, statsmodels and NLTK", () => {
  const { run, answers: references } = referenceAnswers<Reference>("agreement.py", DATASETS);

  it("runs the reference implementations", () => {
    expect(run.status, run.stderr).toBe(0);
  });

  DATASETS.forEach((dataset, i) => {
    const missing = dataset.units.flat().filter((v) => v === null).length;
    it(`agrees to 1e-9 on dataset ${i + 1} (${dataset.coders} coders, ${missing} missing cells)`, () => {
      const reference = references[i]!;
      const data = asData(dataset);
      expect(krippendorffAlpha(data).value).not.toBeNull();
      expect(Math.abs(krippendorffAlpha(data).value! - reference.alpha!)).toBeLessThan(1e-9);
      expect(Math.abs(fleissKappa(data).value! - reference.fleiss!)).toBeLessThan(1e-9);
      expect(reference.pairs).toHaveLength((dataset.coders * (dataset.coders - 1)) / 2);
      for (const {
        coders: [a, b],
        kappa,
      } of reference.pairs) {
        expect(Math.abs(cohenKappa(pairOf(data, a, b)).value! - kappa!)).toBeLessThan(1e-9);
      }
    });
  });
});
