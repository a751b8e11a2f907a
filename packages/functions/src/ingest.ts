import { createContext } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import { decodeEventKey, handleS3Event, type S3EventLike } from "@gloss/core/ingest";
import * as Refi from "@gloss/core/refi";
import * as Search from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import { Resource } from "sst";
import { log, metric } from "./http/log.ts";

type Ctx = ReturnType<typeof createContext>;
let ctx: Ctx | undefined;
let tableCtx: Ctx | undefined;
const context = () =>
  (ctx ??= createContext({ tableName: Resource.Table.name, bucketName: Resource.Documents.name }));
/** The failure destination only writes document items: it is linked to the table alone. */
const tableContext = () =>
  (tableCtx ??= createContext({ tableName: Resource.Table.name, bucketName: "" }));

/**
 * Time kept back from Lambda's timeout when a background import hands itself on: a minute (one
 * large source's writes), or a quarter of the time left when the function has less.
 */
const handOnMargin = (leftMs: number) => Math.min(60_000, leftMs / 4);

/** When a background job run by this invocation hands itself on (no deadline outside Lambda). */
function handOnDeadline(lambda?: { getRemainingTimeInMillis?: () => number }): {
  deadline?: number;
} {
  const left = lambda?.getRemainingTimeInMillis?.();
  return left ? { deadline: Date.now() + left - handOnMargin(left) } : {};
}

/**
 * The ingest Lambda, run by the bucket's ObjectCreated notification: reads uploaded files into
 * their documents, and runs the background REFI-QDA imports whose job objects the API writes. The
 * only file of this function that reads linked resources. Files that cannot be read mark their
 * document failed; a storage error fails the invocation so Lambda retries it (an import resumes
 * from its record).
 */
export async function handler(
  event: S3EventLike,
  lambda?: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
) {
  const imports: S3EventLike["Records"] = [];
  const files: S3EventLike["Records"] = [];
  const codeJobs: S3EventLike["Records"] = [];
  for (const record of event.Records ?? []) {
    const key = decodeEventKey(record.s3.object.key);
    if (Search.parseCodeJobKey(key)) codeJobs.push(record);
    else (Refi.parseJobKey(key) ? imports : files).push(record);
  }
  const outcomes: Array<Record<string, unknown>> = [];
  // Background code-from-search jobs (core/search/code-job.ts), handed on like imports.
  for (const record of codeJobs) {
    const key = decodeEventKey(record.s3.object.key);
    const job = Search.parseCodeJobKey(key)!;
    const outcome = await Search.runCodeJobObject(
      context(),
      job.workspaceId,
      job.jobId,
      handOnDeadline(lambda),
    );
    log("info", "code job", { requestId: lambda?.awsRequestId, key, outcome });
    outcomes.push({ key, outcome: `code.${outcome}` });
  }
  for (const record of imports) {
    const key = decodeEventKey(record.s3.object.key);
    const job = Refi.parseJobKey(key)!;
    const outcome = await Refi.runJob(
      context(),
      job.workspaceId,
      job.importId,
      handOnDeadline(lambda),
    );
    log("info", "refi import", { requestId: lambda?.awsRequestId, key, outcome });
    outcomes.push({ key, outcome: `import.${outcome}` });
  }
  if (files.length === 0) return outcomes;
  outcomes.push(...(await ingestFiles({ Records: files }, lambda)));
  return outcomes;
}

async function ingestFiles(event: S3EventLike, lambda?: { awsRequestId?: string }) {
  const outcomes = await handleS3Event(context(), event);
  for (const outcome of outcomes) {
    log("info", "ingest", { requestId: lambda?.awsRequestId, ...outcome });
    if (outcome.outcome === "failed")
      metric("IngestFailures", 1, "Count", { reason: outcome.code });
  }
  return outcomes;
}

/**
 * The record Lambda sends to an on-failure destination once an asynchronous invocation has used
 * its retries (or grown too old): the original event and how the last attempt ended.
 */
export interface AsyncInvocationFailure {
  requestContext: {
    requestId: string;
    condition: "RetriesExhausted" | "EventAgeExceeded" | string;
    approximateInvokeCount: number;
  };
  requestPayload: S3EventLike;
  responsePayload?: { errorType?: string; errorMessage?: string } | null;
}

/** Words for the researcher: what went wrong, without internals. */
function failureReason(event: AsyncInvocationFailure): { code: string; reason: string } {
  const message = event.responsePayload?.errorMessage ?? "";
  if (/timed out/i.test(message)) {
    return { code: "ingest.timeout", reason: "reading the file took too long; try a smaller file" };
  }
  if (event.requestContext.condition === "EventAgeExceeded") {
    return { code: "ingest.expired", reason: "the file was not read in time; upload it again" };
  }
  return {
    code: "ingest.retries_exhausted",
    reason: `reading the file failed ${event.requestContext.approximateInvokeCount} times; upload it again`,
  };
}

/**
 * The ingest function's on-failure destination (infra/ingest.ts): when S3's asynchronous
 * invocation failed every attempt (a timeout, memory, a storage outage), the documents it was
 * about are marked failed with a reason instead of staying pending for ever.
 */
export async function failed(event: AsyncInvocationFailure) {
  const { code, reason } = failureReason(event);
  const marked: string[] = [];
  for (const record of event.requestPayload?.Records ?? []) {
    const key = decodeEventKey(record.s3.object.key);
    const codeJob = Search.parseCodeJobKey(key);
    if (codeJob) {
      if (await Search.failCodeJob(tableContext(), codeJob.workspaceId, codeJob.jobId, reason)) {
        marked.push(key);
      }
      continue;
    }
    const job = Refi.parseJobKey(key);
    if (job) {
      if (await Refi.failJob(tableContext(), job.workspaceId, job.importId, reason)) {
        marked.push(key);
      }
      continue;
    }
    const parsed = Storage.parseOriginalKey(key);
    if (!parsed) continue;
    if (
      await Document.failUpload(tableContext(), parsed.workspaceId, parsed.documentId, key, reason)
    ) {
      marked.push(key);
    }
  }
  metric("IngestFailures", marked.length, "Count", { reason: code });
  log("error", "ingest failed after retries", {
    code,
    condition: event.requestContext.condition,
    requestId: event.requestContext.requestId,
    error: event.responsePayload?.errorType ?? null,
    marked,
  });
  return { code, marked };
}
