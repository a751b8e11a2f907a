import { z } from "zod";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";
import { defineLease, type Held } from "../job/index.ts";
import { RefiImportSummary } from "./schema.ts";

/** The most skipped items a record keeps (a DynamoDB item holds at most 400 KB). */
export const MAX_SKIPPED_KEPT = 1_000;

/** What a background worker needs to run (or resume) an import: where the file is, who posted it. */
export const RefiJob = z.object({ uploadId: z.string(), userId: z.string() });
export type RefiJob = z.infer<typeof RefiJob>;

/**
 * An import's record (`WS#<ws>`, `IMPORT#<sha>`): the summary clients poll, the job beside it,
 * and the worker lease. A worker that has not written the record for two minutes is taken for
 * dead (a Lambda frozen, timed out or out of memory; a local server killed): it writes after every
 * source, and one source's writes (a 5 M-character text and a few thousand passages in batches of
 * 25) take well under a minute. `GLOSS_REFI_STALE_SECONDS` shortens it for tests.
 */
export const lease = defineLease({
  key: keys.refiImport,
  type: "refi-import",
  stateAttribute: "summary",
  state: RefiImportSummary,
  attributes: z.object({ job: RefiJob.optional() }),
  staleSecondsVariable: "GLOSS_REFI_STALE_SECONDS",
  takenOver: {
    code: "refi.import_taken_over",
    message: "another worker took this import over after this one fell silent",
  },
  resumeHint: "post the same upload again to resume where it stopped",
});

export const staleAfterMs = lease.staleAfterMs;

/** An import's record with its job and lease; `state` is its summary. */
export type StoredRecord = Held<RefiImportSummary, { job?: RefiJob | undefined }>;

/** An import's record with its job state (GetItem `WS#<ws>`, `IMPORT#<sha>`). */
export const getStoredRecord = (
  ctx: Context,
  workspaceId: string,
  sha256: string,
): Promise<StoredRecord | null> => lease.read(ctx, workspaceId, sha256);

/** The record of an import as clients see it, `stalled` set when its worker died. */
export const getRecord = (
  ctx: Context,
  workspaceId: string,
  sha256: string,
): Promise<RefiImportSummary | null> => lease.view(ctx, workspaceId, sha256);

/**
 * Writes an import's summary and beats its heart: at its start, after each source, at its end.
 * With `owner`, only while that worker still holds the import: a worker taken for dead that wakes
 * up gets 409 `refi.import_taken_over` instead of overwriting its successor's progress. With
 * `job`, the record also says how to run the import, and no worker holds it until one claims it.
 */
export async function saveRecord(
  ctx: Context,
  workspaceId: string,
  summary: RefiImportSummary,
  options: { owner?: string; job?: RefiJob } = {},
): Promise<void> {
  const kept = { ...summary, skipped: summary.skipped.slice(0, MAX_SKIPPED_KEPT) };
  if (options.owner) return lease.save(ctx, workspaceId, summary.importId, kept, options.owner);
  await lease.write(
    ctx,
    workspaceId,
    summary.importId,
    kept,
    options.job ? { set: { job: options.job }, free: true } : {},
  );
}
