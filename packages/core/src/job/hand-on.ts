import type { Context } from "../context/index.ts";
import * as Storage from "../storage/index.ts";
import type { TurnOutcome } from "./worker.ts";

/**
 * Where one kind of job's objects go: `workspaces/<ws>/<folder>/<prefix><id>.job`, the id a
 * SHA-256 in hex; `idName` names the id in the object's body.
 */
export interface HandOnSpec {
  folder: string;
  prefix: string;
  idName: string;
}

/** The hand-on of one kind of durable job to the ingest function. */
export interface HandOn {
  /** The storage key of a job's object. */
  key(workspaceId: string, id: string): string;
  /** The job a storage key hands out, or null when the key is not this kind's. */
  parse(key: string): { workspaceId: string; id: string } | null;
  /** Hands a job to the ingest function (writes its job object). */
  dispatch(ctx: Context, workspaceId: string, id: string): Promise<void>;
  /** Runs a worker's turn, and hands the job on through a new object when the turn ran out of time. */
  drive(
    ctx: Context,
    workspaceId: string,
    id: string,
    turn: () => Promise<TurnOutcome>,
  ): Promise<TurnOutcome>;
}

/**
 * A job object hands a job to the ingest function: writing it makes the bucket notify ingest (the
 * same ObjectCreated notification as document uploads, deployed and locally; s3rver's events),
 * whose asynchronous invocation brings Lambda's retries and failure destination. The state is
 * not in the object but in the job's lease record; the key names the job.
 */
export function defineHandOn(spec: HandOnSpec): HandOn {
  const pattern = new RegExp(
    `^workspaces/([^/]+)/${spec.folder}/${spec.prefix}([0-9a-f]{64})\\.job$`,
  );
  const key = (workspaceId: string, id: string) =>
    `workspaces/${workspaceId}/${spec.folder}/${spec.prefix}${id}.job`;
  const dispatch = async (ctx: Context, workspaceId: string, id: string) => {
    await Storage.putObject(
      ctx,
      key(workspaceId, id),
      JSON.stringify({ workspaceId, [spec.idName]: id }),
      "application/json",
    );
  };
  return {
    key,
    parse(objectKey) {
      const match = pattern.exec(objectKey);
      return match ? { workspaceId: match[1]!, id: match[2]! } : null;
    },
    dispatch,
    async drive(ctx, workspaceId, id, turn) {
      const outcome = await turn();
      if (outcome === "continued") await dispatch(ctx, workspaceId, id);
      return outcome;
    },
  };
}
