import { krippendorffAlpha } from "./alpha.ts";
import { bootstrapInterval, type Interval } from "./bootstrap.ts";
import {
  type DocumentCoding,
  type UnitOptions,
  unitizedSectionOf,
  unitsForCode,
} from "./coding.ts";
import { cohenKappa } from "./cohen.ts";
import { fleissKappa } from "./fleiss.ts";
import { percentAgreement } from "./percent.ts";
import { compressed, pairOf, type ReliabilityData, type ReliabilityUnit } from "./reliability.ts";
import {
  disagreementAmong,
  type UnitizedDisagreement,
  type UnitizedSection,
  type UnitizedStudy,
  unitizedAlpha,
  unitizedStudy,
} from "./unitized.ts";
import { CharacterCounter } from "./units.ts";

export interface PairAgreement {
  coders: [string, string];
  units: number;
  percent: number | null;
  cohenKappa: number | null;
  krippendorffAlpha: number | null;
  /** Krippendorff's unitized αu of the two on character positions, whatever the unit. */
  unitizedAlpha: number | null;
  /** Units on which one of the two coded and the other did not. */
  disagreements: number;
}

export interface CodeAgreement {
  /** A code id, or null for all codes pooled. */
  code: string | null;
  /** Units at least two coders judged. */
  units: number;
  percent: number | null;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  /**
   * Krippendorff's unitized αu on character positions (documents every coder judged), whatever
   * the chosen unit: it compares where passages begin and end, not which units they touch.
   */
  unitizedAlpha: number | null;
  /** Percentile bootstrap interval of α over units; null for characters (see docs/agreement.md). */
  alphaInterval: Interval | null;
  pairs: PairAgreement[];
}

export interface AgreementOptions extends UnitOptions {
  /** Bootstrap resamples for α's interval; 0 for none. */
  bootstrapSamples?: number;
  seed?: number;
}

export interface AgreementInput {
  coders: readonly string[];
  codes: readonly string[];
  documents: readonly DocumentCoding[];
}

/**
 * Agreement of a coding study, per code and for all codes pooled (each unit × code a decision, as
 * MAXQDA's and ATLAS.ti's code-by-code tables aggregate), for all coders and for every pair.
 */
export function agreement(input: AgreementInput, options: AgreementOptions): CodeAgreement[] {
  const counters = input.documents.map((d) => new CharacterCounter(d.text));
  // Document by document, every code in turn, so each text is segmented once.
  const perCode = input.codes.map((code) => {
    const units: ReliabilityUnit[] = [];
    const sections: UnitizedSection[] = [];
    return { code, units, sections };
  });
  input.documents.forEach((doc, i) => {
    for (const entry of perCode) {
      for (const u of unitsForCode(doc, entry.code, input.coders, options, counters[i])) {
        entry.units.push(u);
      }
      const section = unitizedSectionOf(doc, entry.code, input.coders, counters[i]);
      if (section) entry.sections.push(section);
    }
  });
  const coders = input.coders.length;
  // Each code's rows merged once; the pooled rows are the codes' merged rows, merged again.
  const perCodeData = perCode.map((c) => compressed({ coders, units: c.units }));
  const studies = perCode.map((c) => unitizedStudy(c.sections, coders));
  return [
    ...perCode.map(({ code }, i) =>
      summarise(code, perCodeData[i]!, input.coders, options, [studies[i]!]),
    ),
    summarise(
      null,
      { coders, units: perCodeData.flatMap((d) => d.units) },
      input.coders,
      options,
      studies,
    ),
  ];
}

function summarise(
  code: string | null,
  raw: ReliabilityData,
  coders: readonly string[],
  options: AgreementOptions,
  /** αu's study per code (one entry per code pooled). */
  studies: readonly UnitizedStudy[],
): CodeAgreement {
  const data = compressed(raw);
  const disagreement = (among?: [number, number]) => studies.map((s) => remembered(s, among));
  const alpha = krippendorffAlpha(data);
  const samples = options.bootstrapSamples ?? 1000;
  const pairs: PairAgreement[] = [];
  for (let a = 0; a < coders.length; a++) {
    for (let b = a + 1; b < coders.length; b++) {
      const pair = compressed(pairOf(data, a, b));
      const kappa = cohenKappa(pair);
      let disagreements = 0;
      for (const u of pair.units) {
        const [x, y] = u.values;
        if (x !== null && y !== null && x !== y) disagreements += u.weight ?? 1;
      }
      pairs.push({
        coders: [coders[a]!, coders[b]!],
        units: kappa.units,
        percent: percentAgreement(pair).value,
        cohenKappa: kappa.value,
        krippendorffAlpha: krippendorffAlpha(pair).value,
        unitizedAlpha: unitizedAlpha(disagreement([a, b])),
        disagreements,
      });
    }
  }
  return {
    code,
    units: alpha.units,
    percent: percentAgreement(data).value,
    fleissKappa: fleissKappa(data).value,
    krippendorffAlpha: alpha.value,
    unitizedAlpha: unitizedAlpha(disagreement()),
    alphaInterval:
      options.granularity === "character" || samples === 0
        ? null
        : bootstrapInterval(data, krippendorffAlpha, { samples, seed: options.seed }),
    pairs,
  };
}

/**
 * A code's αu disagreements per pair (or all coders), kept with its study: the pooled row needs
 * every code's again, and each costs a sort of that code's gaps.
 */
const disagreements = new WeakMap<UnitizedStudy, Map<string, UnitizedDisagreement>>();
function remembered(study: UnitizedStudy, among?: [number, number]): UnitizedDisagreement {
  let byPair = disagreements.get(study);
  if (!byPair) {
    byPair = new Map();
    disagreements.set(study, byPair);
  }
  const key = among ? among.join(",") : "all";
  let d = byPair.get(key);
  if (!d) {
    d = disagreementAmong(study, among);
    byPair.set(key, d);
  }
  return d;
}
