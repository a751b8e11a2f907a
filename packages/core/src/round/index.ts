export { agreementOf, type RoundAgreement, type RoundAgreementOptions } from "./agreement.ts";
export {
  type Authored,
  type BlindRule,
  blindRuleFor,
  hiddenAnnotation,
  refuseWhileBlind,
  type VisibleCounts,
  visibleAnnotation,
  visibleCounts,
  visibleLinks,
  visibleTo,
  withVisibleCounts,
} from "./blind.ts";
export { visiblePlacementsBefore, visibleReanchorCounts } from "./blind-version.ts";
export {
  listConsensus,
  listWorkspaceConsensus,
  removeConsensus,
  resolve,
  shownConsensus,
} from "./consensus.ts";
export { reanchorConsensus, removeConsensusOfDocument } from "./consensus-document.ts";
export { ConsensusPassage, ResolveInput, ShownConsensus } from "./consensus-schema.ts";
export { type DocumentDisagreements, disagreementsOfDocument } from "./disagreements.ts";
export { consensusLayer } from "./layer.ts";
export {
  AGREEMENT_REPORT_COLUMNS,
  agreementReportCsv,
  agreementReportHtml,
  type ReportContext,
  reportContext,
} from "./report.ts";
export { close, create, get, listByWorkspace, openBlindRoundsOf } from "./round.ts";
export {
  CreateRoundInput,
  DocumentDisagreementsReport,
  Granularity,
  MAX_ROUND_CODERS,
  MAX_ROUND_DOCUMENTS,
  MAX_ROUND_TAGS,
  Round,
  RoundAgreementReport,
} from "./schema.ts";
