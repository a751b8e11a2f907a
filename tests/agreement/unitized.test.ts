import { describe, expect, it } from "vitest";
import {
  type UnitizedSection,
  unitizedAlpha,
  unitizedDisagreement,
} from "../../packages/core/src/agreement/unitized.ts";

/**
 * Krippendorff (1995, p. 57): four pairs of coders unitize a continuum of 24 positions, one
 * category each (A–D). Units as [begin, length] per coder. The paper reports D_o exactly and αu for
 * the continuous case, which the discrete formula approaches as the continuum is stretched.
 */
const EXAMPLE: Record<string, [number, number][][]> = {
  A: [
    [
      [2, 8],
      [14, 6],
    ],
    [
      [4, 4],
      [15, 2],
    ],
  ],
  B: [
    [[0, 18]],
    [
      [0, 2],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 3],
      [9, 1],
    ],
  ],
  C: [
    [
      [2, 6],
      [10, 2],
      [14, 4],
      [20, 2],
    ],
    [
      [0, 2],
      [4, 4],
      [10, 4],
      [16, 2],
      [20, 2],
    ],
  ],
  D: [
    [
      [0, 2],
      [2, 8],
      [10, 4],
      [14, 6],
      [20, 4],
    ],
    [
      [0, 4],
      [4, 4],
      [8, 7],
      [15, 2],
      [17, 7],
    ],
  ],
};

function section(category: string, stretch = 1): UnitizedSection {
  return {
    length: 24 * stretch,
    units: EXAMPLE[category]!.map((coder) =>
      coder.map(([b, l]) => ({ start: b * stretch, end: (b + l) * stretch })),
    ),
  };
}

describe("Krippendorff's unitized αu", () => {
  it("reproduces the observed disagreements of Krippendorff's (1995) worked example", () => {
    // A by hand: Bertha's [2,10) against Bill's [4,8): 2² + 2² = 8; [14,20) against [15,17):
    // 1² + 3² = 10; every other intersecting pair is a unit against a gap that does not contain
    // it (0). D_o = 2 · 18 / (2 · 1 · 24²) = 0.03125.
    // Published to five decimals, truncated (C is 1/36 = 0.027777…).
    const published = { A: 0.03125, B: 2.26736, C: 0.02777, D: 0.38715 };
    for (const [category, value] of Object.entries(published)) {
      const observed = unitizedDisagreement([section(category)], 2).observed;
      expect(Math.abs(observed - value), category).toBeLessThan(1e-5);
    }
  });

  it("approaches the published αu of the continuous example as positions get finer", () => {
    // Krippendorff (1995) reports αu = .553, −.926, .679 and .066 for A–D (continuous lengths).
    const published = { A: 0.553, B: -0.926, C: 0.679, D: 0.066 };
    for (const [category, value] of Object.entries(published)) {
      const alpha = unitizedAlpha([unitizedDisagreement([section(category, 1000)], 2)]);
      expect(Math.abs(alpha! - value), category).toBeLessThan(0.02);
    }
  });

  it("computes D_e from the formula on a case small enough to do by hand", () => {
    // L = 4, two coders: coder 1 unit [0,2) then gap [2,4); coder 2 gap [0,1), unit [1,3), gap
    // [3,4). Units: lengths 2 and 2 (N_c = 2); gaps: 2, 1, 1.
    // Per unit l = 2: (N_c − 1)(2·8 − 3·4 + 2)/3 = 2; l² Σ_{l_g ≥ 2}(l_g − l + 1) = 4 · 1 = 4.
    // Numerator: 2 · (2 + 4) = 12. Denominator: mL(mL − 1) − Σ l(l − 1) = 8 · 7 − 4 = 52.
    // D_e = (2/4) · 12 / 52 = 6/52. D_o: units [0,2) vs [1,3): 1 + 1 = 2; ordered ×2, over
    // m(m−1)L² = 32: D_o = 4/32. αu = 1 − (4/32)/(6/52) = 1 − 13/12 = −1/12.
    const d = unitizedDisagreement(
      [
        {
          length: 4,
          units: [[{ start: 0, end: 2 }], [{ start: 1, end: 3 }]],
        },
      ],
      2,
    );
    expect(d.expected).toBeCloseTo(6 / 52, 12);
    expect(d.observed).toBeCloseTo(4 / 32, 12);
    expect(unitizedAlpha([d])).toBeCloseTo(-1 / 12, 12);
  });

  it("is 1 for identical unitizations and undefined when nobody coded anything", () => {
    const same = [{ start: 3, end: 9 }];
    const d = unitizedDisagreement([{ length: 20, units: [same, same, same] }], 3);
    expect(d.observed).toBe(0);
    expect(unitizedAlpha([d])).toBe(1);
    const none = unitizedDisagreement([{ length: 20, units: [[], []] }], 2);
    expect(unitizedAlpha([none])).toBeNull();
  });

  it("keeps documents apart: a gap ends where its document ends", () => {
    const one = unitizedDisagreement(
      [
        { length: 10, units: [[{ start: 2, end: 5 }], [{ start: 2, end: 6 }]] },
        { length: 10, units: [[], [{ start: 0, end: 3 }]] },
      ],
      2,
    );
    // Second document: coder 2's unit [0,3) lies in coder 1's gap [0,10): 3² = 9. First: 0 + 1.
    expect(one.observed).toBeCloseTo((2 * (1 + 9)) / (2 * 400), 12);
  });
});
