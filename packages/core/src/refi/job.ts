import { randomBytes } from "node:crypto";
import type { Context } from "../context/index.ts";
import { defineHandOn, failAbandoned } from "../job/index.ts";
import { type RunOutcome, runImport } from "./import.ts";
import { lease } from "./record.ts";
import { readUpload } from "./upload.ts";

/** An import's job object: `workspaces/<ws>/imports/<importId>.job` (job/hand-on.ts). */
const handOn = defineHandOn({ folder: "imports", prefix: "", idName: "importId" });

/** The object that hands a background import to the ingest function. */
export const jobKey = (workspaceId: string, importId: string) => handOn.key(workspaceId, importId);

/** The import a storage key hands out, or null when the key is not a job's. */
export function parseJobKey(key: string): { workspaceId: string; importId: string } | null {
  const job = handOn.parse(key);
  return job ? { workspaceId: job.workspaceId, importId: job.id } : null;
}

/** Hands an import to the ingest function (writes its job object). */
export const dispatch = (ctx: Context, workspaceId: string, importId: string) =>
  handOn.dispatch(ctx, workspaceId, importId);

/**
 * Drives the import a job object names, as one worker with its own token. When the time left runs
 * short (`deadline`), the import is handed on to a fresh invocation, so a project of any size
 * completes within Lambda's timeout; a second delivery of the same event finds the import held
 * and leaves it alone (`busy`).
 */
export function runJob(
  ctx: Context,
  workspaceId: string,
  importId: string,
  options: { deadline?: number } = {},
): Promise<RunOutcome> {
  return handOn.drive(ctx, workspaceId, importId, () =>
    runImport(ctx, workspaceId, importId, (uploadId) => readUpload(ctx, workspaceId, uploadId), {
      owner: randomBytes(16).toString("hex"),
      ...options,
    }),
  );
}

/**
 * The failure destination's part: once the worker's retries are spent, a running import that no
 * live worker holds is marked failed with the reason, and posting the same upload resumes it.
 * Returns whether it was marked.
 */
export const failJob = (ctx: Context, workspaceId: string, importId: string, reason: string) =>
  failAbandoned(ctx, lease, workspaceId, importId, reason);
