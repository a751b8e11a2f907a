export { krippendorffAlpha } from "./alpha.ts";
export {
  type BootstrapOptions,
  bootstrapInterval,
  type Interval,
  MAX_BOOTSTRAP_UNITS,
  seededRandom,
} from "./bootstrap.ts";
export {
  type CodedPassage,
  type DocumentCoding,
  type UnitOptions,
  unitizedSectionOf,
  unitsForCode,
} from "./coding.ts";
export { cohenKappa } from "./cohen.ts";
export { type Disagreement, disagreementsOf } from "./disagreements.ts";
export { fleissKappa } from "./fleiss.ts";
export { percentAgreement } from "./percent.ts";
export type { Category, Coefficient, ReliabilityData, ReliabilityUnit } from "./reliability.ts";
export { compressed, pairOf } from "./reliability.ts";
export {
  type AgreementInput,
  type AgreementOptions,
  agreement,
  type CodeAgreement,
  type PairAgreement,
} from "./report.ts";
export {
  disagreementAmong,
  type UnitizedDisagreement,
  type UnitizedSection,
  type UnitizedStudy,
  type UnitSpan,
  unitizedAlpha,
  unitizedDisagreement,
  unitizedStudy,
} from "./unitized.ts";
export { CharacterCounter, type Granularity, paragraphs, type Span, sentences } from "./units.ts";
