export {
  type AnnotationHit,
  type AnnotationSearch,
  type AnnotationSearchPage,
  searchAnnotations,
} from "./annotations.ts";
export { prepare, TextCache, textCache } from "./cache.ts";
export { casedText } from "./cased.ts";
export {
  type CodeFailure,
  type CodeOutcome,
  type CodePlan,
  type CodeRequest,
  type CodeWritten,
  codeFromSearch,
  codingId,
  type Expand,
  expandSpan,
  MAX_CODE_HITS,
  type PlannedPassage,
  planCoding,
  writeCoding,
  writePlan,
} from "./code.ts";
export {
  CodeJob,
  type CodeJobOutcome,
  codeJobKey,
  codeOrStart,
  dispatchCodeJob,
  failCodeJob,
  getCodeJob,
  inlinePassages,
  jobIdOf,
  parseCodeJobKey,
  runCodeJob,
  runCodeJobObject,
} from "./code-job.ts";
export { decodeCompact, encodeCompact } from "./compact.ts";
export { HIT_COLUMNS, hitsCsv } from "./csv.ts";
export { documentFilterOf } from "./document-filter.ts";
export {
  fanOut,
  planShards,
  SHARD_UNITS,
  type ShardInvoker,
  type ShardSetup,
  shardSetupOf,
  shardUnitsOf,
  useShardInvoker,
} from "./fanout.ts";
export { type Folded, fold, originSpan } from "./fold.ts";
export { lambdaShardInvoker } from "./lambda-shards.ts";
export {
  type FoldedHit,
  type Matchable,
  type MatchOptions,
  matchQuery,
  type Searchable,
} from "./match.ts";
export { compressOrigin, expandOrigin, type OriginRuns, runsSpan } from "./origin.ts";
export {
  buildPacks,
  groupsOf,
  PACK_DOCUMENTS,
  PACK_GRACE_MS,
  PACK_UNITS,
  type PackOptions,
  type PackRun,
  packEntriesOf,
  packWhenDue,
} from "./pack-builder.ts";
export {
  decodePack,
  encodePack,
  type Pack,
  type PackEntry,
  type PackMember,
  packKey,
  packNameOf,
  readPack,
} from "./packs.ts";
export {
  closeShardPool,
  localShardInvoker,
  POOL_MIN_UNITS,
  POOL_SIZE,
  shardPoolLoad,
  shardPoolSize,
  startShardPool,
} from "./pool.ts";
export {
  buildPrepared,
  decodePrepared,
  encodePrepared,
  PREPARED_NAME,
  type PreparedText,
  type PrepareOutcome,
  parseTextKey,
  preparedKey,
  prepareTextObject,
  readPrepared,
  storedOrBuilt,
} from "./prepared.ts";
export { parseQuery, type QueryNode } from "./query.ts";
export { checkPattern, regexSpans } from "./regex.ts";
export * as Queries from "./saved.ts";
export { CreateSavedQueryInput, SavedQuery, UpdateSavedQueryInput } from "./saved-schema.ts";
export {
  AnnotationSearchQuery,
  AnnotationSearchResult,
  CodeSearchInput,
  CodeSearchResult,
  SearchCsvQuery,
  SearchQuery,
  SearchResult,
} from "./schema.ts";
export {
  contextOf,
  MAX_HITS,
  runSearch,
  type SearchFilters,
  type SearchHit,
  type SearchOptions,
  type SearchPage,
  searchPage,
} from "./search.ts";
export {
  runShard,
  type ShardDocument,
  type ShardRequest,
  type ShardResult,
  settlePreparedWrites,
  shardCache,
} from "./shard.ts";
export { type Words, wordsOf } from "./words.ts";
