import { randomBytes } from "node:crypto";
import type { Context } from "../context/index.ts";
import * as Storage from "../storage/index.ts";
import { type RunOutcome, runImport } from "./import.ts";
import { getStoredRecord, saveRecord } from "./record.ts";
import { readUpload } from "./upload.ts";

/**
 * The object that hands a background import to the ingest function: writing it makes the bucket
 * notify ingest (the same ObjectCreated notification as document uploads, deployed and locally),
 * whose asynchronous invocation brings Lambda's retries and failure destination. The state is
 * not in the object but in the import's record; the key names the import.
 */
export const jobKey = (workspaceId: string, importId: string) =>
  `workspaces/${workspaceId}/imports/${importId}.job`;

/** The import a storage key hands out, or null when the key is not a job's. */
export function parseJobKey(key: string): { workspaceId: string; importId: string } | null {
  const match = /^workspaces\/([^/]+)\/imports\/([0-9a-f]{64})\.job$/.exec(key);
  return match ? { workspaceId: match[1]!, importId: match[2]! } : null;
}

/** Hands an import to the ingest function (writes its job object). */
export async function dispatch(ctx: Context, workspaceId: string, importId: string) {
  await Storage.putObject(
    ctx,
    jobKey(workspaceId, importId),
    JSON.stringify({ workspaceId, importId }),
    "application/json",
  );
}

/**
 * Drives the import a job object names, as one worker with its own token. When the time left runs
 * short (`deadline`), the import is handed on to a fresh invocation, so a project of any size
 * completes within Lambda's timeout; a second delivery of the same event finds the import held
 * and leaves it alone (`busy`).
 */
export async function runJob(
  ctx: Context,
  workspaceId: string,
  importId: string,
  options: { deadline?: number } = {},
): Promise<RunOutcome> {
  const outcome = await runImport(
    ctx,
    workspaceId,
    importId,
    (uploadId) => readUpload(ctx, workspaceId, uploadId),
    { owner: randomBytes(16).toString("hex"), ...options },
  );
  if (outcome === "continued") await dispatch(ctx, workspaceId, importId);
  return outcome;
}

/**
 * The failure destination's part: once the worker's retries are spent, a running import that no
 * live worker holds is marked failed with the reason, and posting the same upload resumes it.
 * Returns whether it was marked.
 */
export async function failJob(
  ctx: Context,
  workspaceId: string,
  importId: string,
  reason: string,
): Promise<boolean> {
  const record = await getStoredRecord(ctx, workspaceId, importId);
  if (record?.summary.status !== "running") return false;
  if (record.owner && !record.stalled) return false;
  await saveRecord(ctx, workspaceId, {
    ...record.summary,
    status: "failed",
    failure: `${reason}; post the same upload again to resume where it stopped`,
    updatedAt: ctx.now().toISOString(),
  });
  return true;
}
