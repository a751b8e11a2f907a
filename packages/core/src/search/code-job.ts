import { createHash, randomBytes } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { BulkHooks } from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { keys } from "../db/keys.ts";
import { GlossError } from "../error/index.ts";
import * as Storage from "../storage/index.ts";
import {
  type CodeFailure,
  type CodeOutcome,
  type CodeRequest,
  type PlannedPassage,
  planCoding,
  writeCoding,
  writePlan,
} from "./code.ts";

/**
 * Coding many search hits in the background, durable the way REFI-QDA imports are
 * (`refi/job.ts`): the request plans the coding (every passage and its id, decided once) and
 * stores the plan in S3, the job's record in the table holds its progress, and a job object under
 * `workspaces/<ws>/jobs/` hands it to the ingest function through the bucket's notification (s3rver's
 * events locally). The worker claims the record with a heartbeat lease, writes the plan a slice
 * at a time through the bulk write, saves progress after each slice (conditional on still holding
 * it), and hands on to a fresh invocation before its deadline. A worker that dies leaves the job
 * `stalled` after `staleAfterMs()`; posting the same request again resumes it from its last saved
 * slice. Every passage has a derived id and a history entry whose cause names the job, so the
 * slice a crash interrupted is completed, never written twice, and counted once.
 */

/** Passages a request writes itself; more go to a background job. `GLOSS_CODE_INLINE_PASSAGES` lowers it for tests. */
export function inlinePassages(): number {
  const raw = Number(process.env.GLOSS_CODE_INLINE_PASSAGES ?? "");
  return Number.isFinite(raw) && raw > 0 ? raw : 1_000;
}

/** Passages a worker writes between two saves of its progress (a few seconds of bulk writes). */
const SLICE = 500;
/** Failures a job's record keeps (an item holds at most 400 KB); `failedTotal` counts them all. */
const MAX_FAILED_KEPT = 100;

/**
 * A worker that has not written its job's record for this long is taken for dead. A slice takes
 * seconds, so two minutes never judges a live worker dead; `GLOSS_CODE_JOB_STALE_SECONDS`
 * shortens it for tests.
 */
export function staleAfterMs(): number {
  const raw = Number(process.env.GLOSS_CODE_JOB_STALE_SECONDS ?? "");
  return (Number.isFinite(raw) && raw > 0 ? raw : 120) * 1000;
}

export const CodeJob = z
  .object({
    jobId: z.string().describe("The job's id: the SHA-256 of (workspace, caller, request)"),
    status: z.enum(["running", "done", "failed"]),
    stalled: z
      .boolean()
      .optional()
      .describe("Running, but its worker fell silent: post the same request again to resume"),
    progress: z.object({
      done: z.number().int().describe("Passages written so far"),
      total: z.number().int().describe("Passages to write"),
    }),
    hits: z.number().int().describe("Hits selected"),
    passages: z.number().int().describe("Passages after expansion, each once"),
    created: z.number().int(),
    skipped: z.number().int().describe("Passages already coded with every requested code"),
    failed: z
      .array(
        z.object({
          documentId: z.string(),
          start: z.number().int(),
          end: z.number().int(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .describe(`The first ${MAX_FAILED_KEPT} passages that could not be coded`),
    failedTotal: z.number().int(),
    failure: z.string().nullable().describe("Why a failed job stopped"),
    startedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "CodeJob" });
export type CodeJob = z.infer<typeof CodeJob>;

/** The stored record: the job as clients see it, and what its worker needs beside it. */
const RecordItem = z.object({
  job: CodeJob,
  userId: z.string(),
  generation: z.number().int(),
  heartbeatAt: z.number(),
  owner: z.string().optional(),
});
type StoredJob = z.infer<typeof RecordItem>;

/** The job of a caller's request: the same request (same search, codes, hits) is the same job. */
export function jobIdOf(workspaceId: string, userId: string, request: CodeRequest): string {
  const { visible: _visible, documentFilter: _filter, ...filters } = request.filters;
  return createHash("sha256")
    .update(JSON.stringify([workspaceId, userId, { ...request, filters }]))
    .digest("hex");
}

/** The object that hands a job to the ingest function. */
export const codeJobKey = (workspaceId: string, jobId: string) =>
  `workspaces/${workspaceId}/jobs/code-${jobId}.job`;

const planKey = (workspaceId: string, jobId: string, generation: number) =>
  `workspaces/${workspaceId}/jobs/code-${jobId}-${generation}.plan.json`;

/** The job a storage key hands out, or null when the key is not a code job's. */
export function parseCodeJobKey(key: string): { workspaceId: string; jobId: string } | null {
  const match = /^workspaces\/([^/]+)\/jobs\/code-([0-9a-f]{64})\.job$/.exec(key);
  return match ? { workspaceId: match[1]!, jobId: match[2]! } : null;
}

/** Hands a job to the ingest function (writes its job object). */
export async function dispatchCodeJob(ctx: Context, workspaceId: string, jobId: string) {
  await Storage.putObject(
    ctx,
    codeJobKey(workspaceId, jobId),
    JSON.stringify({ workspaceId, jobId }),
    "application/json",
  );
}

async function readJob(ctx: Context, workspaceId: string, jobId: string) {
  const { Item } = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.codeJob(workspaceId, jobId),
      ConsistentRead: true,
    }),
  );
  const parsed = RecordItem.safeParse(Item);
  return parsed.success ? parsed.data : null;
}

const isStalled = (ctx: Context, stored: StoredJob) =>
  stored.job.status === "running" && ctx.now().getTime() - stored.heartbeatAt > staleAfterMs();

/** A job's progress as clients see it, `stalled` when its worker died (GetItem `CODEJOB#<id>`). */
export async function getCodeJob(
  ctx: Context,
  workspaceId: string,
  jobId: string,
): Promise<CodeJob | null> {
  const stored = await readJob(ctx, workspaceId, jobId);
  if (!stored) return null;
  return isStalled(ctx, stored) ? { ...stored.job, stalled: true } : stored.job;
}

/** Whoever drives the job writes it: with `owner`, only while that worker still holds it. */
async function saveJob(
  ctx: Context,
  workspaceId: string,
  job: CodeJob,
  owner: string,
): Promise<void> {
  const saved = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.codeJob(workspaceId, job.jobId),
      UpdateExpression: "SET job = :job, heartbeatAt = :now",
      ConditionExpression: "#owner = :owner",
      ExpressionAttributeNames: { "#owner": "owner" },
      ExpressionAttributeValues: { ":job": job, ":now": ctx.now().getTime(), ":owner": owner },
    }),
  );
  if (!saved) {
    throw new GlossError(
      "conflict",
      "search.code_job_taken_over",
      "another worker took this coding over after this one fell silent",
    );
  }
}

/**
 * Codes a request's hits: in this request when the plan is small (200 with the outcome), else as
 * a background job (202 with its progress; poll `getCodeJob`). A request posted again while its
 * job runs gets that job; a stalled or failed one is handed out again and resumes; a finished one
 * is planned afresh (a re-run codes only what is new, creating nothing twice).
 */
export async function codeOrStart(
  ctx: Context,
  workspaceId: string,
  userId: string,
  request: CodeRequest,
  dispatch: (jobId: string) => Promise<void>,
): Promise<{ kind: "done"; outcome: CodeOutcome } | { kind: "job"; job: CodeJob }> {
  const jobId = jobIdOf(workspaceId, userId, request);
  const previous = await readJob(ctx, workspaceId, jobId);
  if (previous?.job.status === "running" && !isStalled(ctx, previous)) {
    return { kind: "job", job: previous.job };
  }
  if (previous && previous.job.status !== "done") {
    // Stalled or failed: the same plan, resumed from its last saved slice by a new worker.
    const job: CodeJob = {
      ...previous.job,
      status: "running",
      failure: null,
      updatedAt: ctx.now().toISOString(),
    };
    const resumed = await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.codeJob(workspaceId, jobId),
        UpdateExpression: "SET job = :job, heartbeatAt = :now REMOVE #owner",
        ConditionExpression: "heartbeatAt = :seen",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: {
          ":job": job,
          ":now": ctx.now().getTime(),
          ":seen": previous.heartbeatAt,
        },
      }),
    );
    if (resumed) await dispatch(jobId);
    return {
      kind: "job",
      job: resumed ? job : ((await getCodeJob(ctx, workspaceId, jobId)) ?? job),
    };
  }
  const plan = await planCoding(ctx, workspaceId, userId, request);
  if (plan.work.length <= inlinePassages()) {
    return { kind: "done", outcome: await writePlan(ctx, workspaceId, userId, plan) };
  }
  const generation = (previous?.generation ?? 0) + 1;
  await Storage.putObject(
    ctx,
    planKey(workspaceId, jobId, generation),
    JSON.stringify(plan.work),
    "application/json",
  );
  const now = ctx.now();
  const job: CodeJob = {
    jobId,
    status: "running",
    progress: { done: 0, total: plan.work.length },
    hits: plan.hits,
    passages: plan.passages,
    created: 0,
    skipped: plan.skipped,
    failed: plan.failed.slice(0, MAX_FAILED_KEPT),
    failedTotal: plan.failed.length,
    failure: null,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // One start per generation: a concurrent post of the same request gets the job the first made.
  const started = await writeIf(
    ctx,
    new PutCommand({
      TableName: ctx.table,
      Item: {
        ...keys.codeJob(workspaceId, jobId),
        type: "code-job",
        job,
        userId,
        generation,
        heartbeatAt: now.getTime(),
      },
      ConditionExpression: previous ? "generation = :previous" : "attribute_not_exists(pk)",
      ...(previous ? { ExpressionAttributeValues: { ":previous": previous.generation } } : {}),
    }),
  );
  if (!started) {
    return { kind: "job", job: (await getCodeJob(ctx, workspaceId, jobId)) ?? job };
  }
  await dispatch(jobId);
  return { kind: "job", job };
}

/** How a worker's run ended: finished, handed on (time ran out), or not this worker's to run. */
export type CodeJobOutcome = "done" | "continued" | "busy" | "not_running";

/**
 * Runs (or resumes) a background coding as one worker: claims the job, reads its plan, and writes
 * from the first passage not yet saved as done, a slice at a time. Stops after the slice that
 * passes `deadline` (epoch ms), leaving the rest to `continued` (the caller hands the job on). A
 * storage error lets go of the job and is thrown, so the caller's retry resumes it.
 */
export async function runCodeJob(
  ctx: Context,
  workspaceId: string,
  jobId: string,
  options: { owner?: string; deadline?: number; hooks?: BulkHooks } = {},
): Promise<CodeJobOutcome> {
  const owner = options.owner ?? randomBytes(16).toString("hex");
  const stored = await readJob(ctx, workspaceId, jobId);
  if (stored?.job.status !== "running") return "not_running";
  const now = ctx.now().getTime();
  const claimed = await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.codeJob(workspaceId, jobId),
      UpdateExpression: "SET #owner = :owner, heartbeatAt = :now",
      ConditionExpression:
        "job.#status = :running AND (attribute_not_exists(#owner) OR heartbeatAt < :stale)",
      ExpressionAttributeNames: { "#owner": "owner", "#status": "status" },
      ExpressionAttributeValues: {
        ":owner": owner,
        ":now": now,
        ":running": "running",
        ":stale": now - staleAfterMs(),
      },
    }),
  );
  if (!claimed) return "busy";
  const job = { ...stored.job };
  try {
    const work = JSON.parse(
      await Storage.getText(ctx, planKey(workspaceId, jobId, stored.generation)),
    ) as PlannedPassage[];
    // One cause per job and generation: a later run of this job completes what an earlier one
    // recorded (the lease makes it the only writer), and counts it as this job's.
    const cause = `search.code:${jobId}:${stored.generation}`;
    for (let at = job.progress.done; at < work.length; at += SLICE) {
      if (at > job.progress.done && options.deadline !== undefined) {
        if (ctx.now().getTime() > options.deadline) {
          await release(ctx, workspaceId, jobId, owner);
          return "continued";
        }
      }
      const slice = work.slice(at, at + SLICE);
      const written = await writeCoding(ctx, workspaceId, stored.userId, slice, {
        cause,
        ...(options.hooks ? { hooks: options.hooks } : {}),
      });
      job.created += written.created;
      job.skipped += written.skipped;
      addFailures(job, written.failed);
      job.progress = { done: at + slice.length, total: work.length };
      job.updatedAt = ctx.now().toISOString();
      await saveJob(ctx, workspaceId, job, owner);
    }
    job.status = "done";
    job.updatedAt = ctx.now().toISOString();
    await saveJob(ctx, workspaceId, job, owner);
    return "done";
  } catch (error) {
    if (error instanceof GlossError && error.code === "search.code_job_taken_over") return "busy";
    await release(ctx, workspaceId, jobId, owner).catch(() => {});
    throw error;
  }
}

function addFailures(job: CodeJob, failed: CodeFailure[]) {
  job.failed = [...job.failed, ...failed].slice(0, MAX_FAILED_KEPT);
  job.failedTotal += failed.length;
}

/** Lets go of a job (handed on, or after an error), so the next worker can claim it at once. */
async function release(ctx: Context, workspaceId: string, jobId: string, owner: string) {
  await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.codeJob(workspaceId, jobId),
      UpdateExpression: "REMOVE #owner",
      ConditionExpression: "#owner = :owner",
      ExpressionAttributeNames: { "#owner": "owner" },
      ExpressionAttributeValues: { ":owner": owner },
    }),
  );
}

/**
 * Drives the job a job object names (the ingest function's part), handing it on through a new
 * job object when `deadline` comes first.
 */
export async function runCodeJobObject(
  ctx: Context,
  workspaceId: string,
  jobId: string,
  options: { deadline?: number } = {},
): Promise<CodeJobOutcome> {
  const outcome = await runCodeJob(ctx, workspaceId, jobId, options);
  if (outcome === "continued") await dispatchCodeJob(ctx, workspaceId, jobId);
  return outcome;
}

/**
 * The failure destination's part: once the worker's retries are spent, a running job no live
 * worker holds is marked failed with the reason; posting the same request again resumes it.
 */
export async function failCodeJob(
  ctx: Context,
  workspaceId: string,
  jobId: string,
  reason: string,
): Promise<boolean> {
  const stored = await readJob(ctx, workspaceId, jobId);
  if (stored?.job.status !== "running") return false;
  if (stored.owner && !isStalled(ctx, stored)) return false;
  return writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.codeJob(workspaceId, jobId),
      UpdateExpression: "SET job = :job",
      ConditionExpression: "heartbeatAt = :seen",
      ExpressionAttributeValues: {
        ":job": {
          ...stored.job,
          status: "failed",
          failure: `${reason}; post the same request again to resume where it stopped`,
          updatedAt: ctx.now().toISOString(),
        },
        ":seen": stored.heartbeatAt,
      },
    }),
  );
}
