import type { Context } from "../context/index.ts";
import type { Lease, LeaseState } from "./lease.ts";

/** How a worker's turn ended: finished, handed on (time ran out), or not this worker's to run. */
export type TurnOutcome = "done" | "continued" | "busy" | "not_running";

/**
 * One worker's turn at a running job: claims the lease (`busy` when a live worker holds it), does
 * the work, and lets go when the work hands on (`continued`), so the next invocation can claim it
 * at once. A worker taken over while it worked ends `busy`; any other error lets go of the job
 * and is thrown, so the caller's retry resumes it. The caller checks that the job is running.
 */
export async function runTurn<S extends LeaseState, E>(
  ctx: Context,
  lease: Lease<S, E>,
  workspaceId: string,
  id: string,
  owner: string,
  work: () => Promise<"done" | "continued">,
): Promise<TurnOutcome> {
  if (!(await lease.claim(ctx, workspaceId, id, owner))) return "busy";
  try {
    const outcome = await work();
    if (outcome === "continued") await lease.release(ctx, workspaceId, id, owner);
    return outcome;
  } catch (error) {
    if (lease.isTakenOver(error)) return "busy";
    await lease.release(ctx, workspaceId, id, owner).catch(() => {});
    throw error;
  }
}

/**
 * The failure destination's part: once the worker's retries are spent, a running job that no
 * live worker holds is marked failed with the reason (unless someone wrote it since it was read).
 * Returns whether it was marked.
 */
export async function failAbandoned<S extends LeaseState, E>(
  ctx: Context,
  lease: Lease<S, E>,
  workspaceId: string,
  id: string,
  reason: string,
): Promise<boolean> {
  const held = await lease.read(ctx, workspaceId, id);
  if (held?.state.status !== "running") return false;
  if (held.owner && !held.stalled) return false;
  const failed = lease.failed(held.state, reason, ctx.now().toISOString());
  return lease.write(ctx, workspaceId, id, failed, { seen: held });
}
