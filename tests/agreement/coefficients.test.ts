import {
  bootstrapInterval,
  cohenKappa,
  compressed,
  fleissKappa,
  krippendorffAlpha,
  percentAgreement,
  type ReliabilityData,
} from "@gloss/core/agreement";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** Rows are coders, columns units, "." missing: the layout of Krippendorff's own tables. */
function fromCoderRows(rows: string[]): ReliabilityData {
  const cells = rows.map((r) => r.trim().split(/\s+/));
  const units = cells[0]!.map((_, u) => ({
    values: cells.map((row) => (row[u] === "." ? null : Number(row[u]))),
  }));
  return { coders: rows.length, units };
}

describe("Krippendorff's alpha (nominal)", () => {
  it("gives 0.743 on Krippendorff's 4 coders × 12 units example with missing data", () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C.
    const data = fromCoderRows([
      "1 2 3 3 2 1 4 1 2 . . .",
      "1 2 3 3 2 2 4 1 2 5 . 3",
      ". 3 3 3 2 3 4 2 2 5 1 .",
      "1 2 3 3 2 4 4 1 2 5 1 .",
    ]);
    const alpha = krippendorffAlpha(data);
    expect(alpha.value).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value and is not pairable.
    expect(alpha.units).toBe(11);
  });

  it("gives 0.095 on Krippendorff's two-observer binary example", () => {
    // Krippendorff (2011), section A: 10 units, 2 observers.
    const data = fromCoderRows(["0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0"]);
    expect(krippendorffAlpha(data).value).toBeCloseTo(0.095, 3);
  });

  it("counts a weighted row as that many identical units", () => {
    const expanded = fromCoderRows(["1 1 1 0 0 1", "1 1 0 0 1 1"]);
    const weighted: ReliabilityData = {
      coders: 2,
      units: [
        { values: [1, 1], weight: 3 },
        { values: [1, 0], weight: 1 },
        { values: [0, 0], weight: 1 },
        { values: [0, 1], weight: 1 },
      ],
    };
    expect(krippendorffAlpha(weighted).value).toBeCloseTo(krippendorffAlpha(expanded).value!, 12);
    expect(cohenKappa(weighted).value).toBeCloseTo(cohenKappa(expanded).value!, 12);
  });

  it("is undefined when every value is the same category", () => {
    expect(krippendorffAlpha(fromCoderRows(["1 1 1", "1 1 1"])).value).toBeNull();
  });
});

describe("Cohen's kappa", () => {
  it("gives 0.4 on the 50-unit yes/no table (20, 5 / 10, 15)", () => {
    // The worked example of the Wikipedia article "Cohen's kappa": p_o = 0.7, p_e = 0.5.
    const units = [
      ...Array.from({ length: 20 }, () => ({ values: ["yes", "yes"] })),
      ...Array.from({ length: 5 }, () => ({ values: ["yes", "no"] })),
      ...Array.from({ length: 10 }, () => ({ values: ["no", "yes"] })),
      ...Array.from({ length: 15 }, () => ({ values: ["no", "no"] })),
    ];
    const kappa = cohenKappa({ coders: 2, units });
    expect(kappa.value).toBeCloseTo(0.4, 12);
    expect(kappa.units).toBe(50);
    expect(percentAgreement({ coders: 2, units }).value).toBeCloseTo(0.7, 12);
  });

  it("gives 0.492 on Cohen's (1960) three-category table", () => {
    // Cohen (1960), Table 1: p_o = 0.70, p_e = 0.41, κ = 0.492 (200 units).
    const cells: [string, string, number][] = [
      ["1", "1", 88],
      ["1", "2", 14],
      ["1", "3", 18],
      ["2", "1", 10],
      ["2", "2", 40],
      ["2", "3", 10],
      ["3", "1", 2],
      ["3", "2", 6],
      ["3", "3", 12],
    ];
    const units = cells.map(([a, b, n]) => ({ values: [a, b], weight: n }));
    expect(cohenKappa({ coders: 2, units }).value).toBeCloseTo(0.492, 3);
  });

  it("ignores units one of the two coders did not judge", () => {
    const data = fromCoderRows(["1 0 1 .", "1 0 . 0"]);
    expect(cohenKappa(data)).toEqual({ value: 1, units: 2 });
  });
});

describe("Fleiss' kappa", () => {
  it("gives 0.210 on Fleiss's 10 subjects × 14 raters example", () => {
    // Category counts per subject, as in the Wikipedia article "Fleiss' kappa" (after Fleiss 1971).
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const units = counts.map((row) => ({
      values: row.flatMap((n, category) => Array.from({ length: n }, () => category)),
    }));
    const kappa = fleissKappa({ coders: 14, units });
    expect(kappa.value).toBeCloseTo(0.21, 3);
    expect(percentAgreement({ coders: 14, units }).value).toBeCloseTo(0.378, 3);
  });

  it("uses only the units every coder judged", () => {
    const full = fleissKappa(fromCoderRows(["1 0 1 0", "1 0 0 0", "1 1 1 0"]));
    const withGap = fleissKappa(fromCoderRows(["1 0 1 0 1", "1 0 0 0 .", "1 1 1 0 0"]));
    expect(withGap).toEqual(full);
  });
});

describe("bootstrap interval", () => {
  const data = fromCoderRows([
    "1 2 3 3 2 1 4 1 2 . . .",
    "1 2 3 3 2 2 4 1 2 5 . 3",
    ". 3 3 3 2 3 4 2 2 5 1 .",
    "1 2 3 3 2 4 4 1 2 5 1 .",
  ]);

  it("is the same for the same seed and contains the point estimate", () => {
    const a = bootstrapInterval(data, krippendorffAlpha, { seed: 7, samples: 500 });
    const b = bootstrapInterval(data, krippendorffAlpha, { seed: 7, samples: 500 });
    expect(a).toEqual(b);
    expect(a!.low).toBeLessThan(0.743);
    expect(a!.high).toBeGreaterThan(0.743);
    expect(a!.high).toBeLessThanOrEqual(1);
  });

  it("differs with another seed", () => {
    const a = bootstrapInterval(data, krippendorffAlpha, { seed: 7, samples: 200 });
    const b = bootstrapInterval(data, krippendorffAlpha, { seed: 8, samples: 200 });
    expect(a).not.toEqual(b);
  });
});

describe("merging identical rows", () => {
  it("leaves every coefficient unchanged", () => {
    const cell = fc.option(fc.integer({ min: 0, max: 2 }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 40 }),
        (rows) => {
          const data: ReliabilityData = { coders: 3, units: rows.map((values) => ({ values })) };
          const merged = compressed(data);
          for (const f of [krippendorffAlpha, fleissKappa, percentAgreement]) {
            const a = f(data);
            const b = f(merged);
            if (a.units !== b.units) return false;
            if ((a.value === null) !== (b.value === null)) return false;
            if (a.value !== null && Math.abs(a.value - b.value!) > 1e-12) return false;
          }
          return true;
        },
      ),
    );
  });
});
