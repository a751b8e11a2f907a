import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { BulkHooks } from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";
import {
  defineHandOn,
  defineLease,
  failAbandoned,
  runTurn,
  type TurnOutcome,
} from "../job/index.ts";
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
import { CodingFailure, CodingTally } from "./schema.ts";

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
    ...CodingTally,
    failed: z
      .array(CodingFailure)
      .describe(`The first ${MAX_FAILED_KEPT} passages that could not be coded`),
    failedTotal: z.number().int(),
    failure: z.string().nullable().describe("Why a failed job stopped"),
    startedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "CodeJob" });
export type CodeJob = z.infer<typeof CodeJob>;

/**
 * A job's record (`WS#<ws>`, `CODEJOB#<id>`): the job as clients see it, what its worker needs
 * beside it, and the worker lease (job/lease.ts). A worker that has not written it for two
 * minutes is taken for dead: a slice takes seconds, so two minutes never judges a live worker
 * dead; `GLOSS_CODE_JOB_STALE_SECONDS` shortens it for tests.
 */
const lease = defineLease({
  key: keys.codeJob,
  type: "code-job",
  stateAttribute: "job",
  state: CodeJob,
  attributes: z.object({ userId: z.string(), generation: z.number().int() }),
  staleSecondsVariable: "GLOSS_CODE_JOB_STALE_SECONDS",
  takenOver: {
    code: "search.code_job_taken_over",
    message: "another worker took this coding over after this one fell silent",
  },
  resumeHint: "post the same request again to resume where it stopped",
});

/** A job's object: `workspaces/<ws>/jobs/code-<jobId>.job` (job/hand-on.ts). */
const handOn = defineHandOn({ folder: "jobs", prefix: "code-", idName: "jobId" });

/** A job's plan as its request stored it (`planKey`). */
const Plan = z.array(
  z.object({
    documentId: z.string(),
    textVersion: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
    tags: z.array(z.string()),
    id: z.string(),
  }),
) satisfies z.ZodType<PlannedPassage[]>;

/** The job of a caller's request: the same request (same search, codes, hits) is the same job. */
export function jobIdOf(workspaceId: string, userId: string, request: CodeRequest): string {
  const { visible: _visible, documentFilter: _filter, ...filters } = request.filters;
  return createHash("sha256")
    .update(JSON.stringify([workspaceId, userId, { ...request, filters }]))
    .digest("hex");
}

/** The object that hands a job to the ingest function. */
export const codeJobKey = (workspaceId: string, jobId: string) => handOn.key(workspaceId, jobId);

const planKey = (workspaceId: string, jobId: string, generation: number) =>
  `workspaces/${workspaceId}/jobs/code-${jobId}-${generation}.plan.json`;

/** The job a storage key hands out, or null when the key is not a code job's. */
export function parseCodeJobKey(key: string): { workspaceId: string; jobId: string } | null {
  const job = handOn.parse(key);
  return job ? { workspaceId: job.workspaceId, jobId: job.id } : null;
}

/** Hands a job to the ingest function (writes its job object). */
export const dispatchCodeJob = (ctx: Context, workspaceId: string, jobId: string) =>
  handOn.dispatch(ctx, workspaceId, jobId);

/** A job's progress as clients see it, `stalled` when its worker died (GetItem `CODEJOB#<id>`). */
export const getCodeJob = (
  ctx: Context,
  workspaceId: string,
  jobId: string,
): Promise<CodeJob | null> => lease.view(ctx, workspaceId, jobId);

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
  const previous = await lease.read(ctx, workspaceId, jobId);
  if (previous?.state.status === "running" && !previous.stalled) {
    return { kind: "job", job: previous.state };
  }
  if (previous && previous.state.status !== "done") {
    // Stalled or failed: the same plan, resumed from its last saved slice by a new worker.
    const job: CodeJob = {
      ...previous.state,
      status: "running",
      failure: null,
      updatedAt: ctx.now().toISOString(),
    };
    const resumed = await lease.write(ctx, workspaceId, jobId, job, { free: true, seen: previous });
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
  const started = await lease.create(
    ctx,
    workspaceId,
    jobId,
    { state: job, attributes: { userId, generation } },
    previous ? { attribute: "generation", value: previous.generation } : undefined,
  );
  if (!started) {
    return { kind: "job", job: (await getCodeJob(ctx, workspaceId, jobId)) ?? job };
  }
  await dispatch(jobId);
  return { kind: "job", job };
}

/** How a worker's run ended: finished, handed on (time ran out), or not this worker's to run. */
export type CodeJobOutcome = TurnOutcome;

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
  const stored = await lease.read(ctx, workspaceId, jobId);
  if (stored?.state.status !== "running") return "not_running";
  return runTurn(ctx, lease, workspaceId, jobId, owner, async () => {
    const job = { ...stored.state };
    const work = Plan.parse(
      JSON.parse(await Storage.getText(ctx, planKey(workspaceId, jobId, stored.generation))),
    );
    // One cause per job and generation: a later run of this job completes what an earlier one
    // recorded (the lease makes it the only writer), and counts it as this job's.
    const cause = `search.code:${jobId}:${stored.generation}`;
    for (let at = job.progress.done; at < work.length; at += SLICE) {
      const late = options.deadline !== undefined && ctx.now().getTime() > options.deadline;
      if (at > job.progress.done && late) return "continued";
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
      await lease.save(ctx, workspaceId, jobId, job, owner);
    }
    job.status = "done";
    job.updatedAt = ctx.now().toISOString();
    await lease.save(ctx, workspaceId, jobId, job, owner);
    return "done";
  });
}

function addFailures(job: CodeJob, failed: CodeFailure[]) {
  job.failed = [...job.failed, ...failed].slice(0, MAX_FAILED_KEPT);
  job.failedTotal += failed.length;
}

/**
 * Drives the job a job object names (the ingest function's part), handing it on through a new
 * job object when `deadline` comes first.
 */
export const runCodeJobObject = (
  ctx: Context,
  workspaceId: string,
  jobId: string,
  options: { deadline?: number } = {},
): Promise<CodeJobOutcome> =>
  handOn.drive(ctx, workspaceId, jobId, () => runCodeJob(ctx, workspaceId, jobId, options));

/**
 * The failure destination's part: once the worker's retries are spent, a running job no live
 * worker holds is marked failed with the reason; posting the same request again resumes it.
 */
export const failCodeJob = (ctx: Context, workspaceId: string, jobId: string, reason: string) =>
  failAbandoned(ctx, lease, workspaceId, jobId, reason);
