import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { GlossError, isGlossError } from "../error/index.ts";

/** What every durable job's polled state holds: where it stands, and why it stopped. */
export interface LeaseState {
  status: "running" | "done" | "failed";
  /** Set on read, never stored: running, but its worker fell silent. */
  stalled?: boolean | undefined;
  failure: string | null;
  updatedAt: string;
}

/** A job's record as read: its state, its lease, and the job's own attributes (`E`) beside them. */
export type Held<S, E> = E & {
  state: S;
  /** Epoch ms of the last write by whoever drives the job. */
  heartbeatAt: number;
  /** Whether the record stores its heartbeat (older REFI records date it by `updatedAt`). */
  beaten: boolean;
  /** The worker that holds the job (a random token); null when none does. */
  owner: string | null;
  /** Running, but nobody has written the record for `staleAfterMs()`: its worker died. */
  stalled: boolean;
};

/** One kind of durable job's record: where it is, what it stores, how long silence may last. */
export interface LeaseSpec<S extends LeaseState, E> {
  /** The record's key (from db/keys.ts). */
  key: (workspaceId: string, id: string) => { pk: string; sk: string };
  /** The record's `type` attribute. */
  type: string;
  /** The attribute that holds the state clients poll, and its schema. */
  stateAttribute: string;
  state: z.ZodType<S>;
  /** The job's other attributes, parsed from the same item. */
  attributes: z.ZodType<E>;
  /**
   * Seconds in this variable shorten the silence after which a worker is taken for dead (two
   * minutes: every kind writes its record well within a minute of work).
   */
  staleSecondsVariable: string;
  /** The 409 a worker taken for dead gets when it writes again. */
  takenOver: { code: string; message: string };
  /** What a failed job's `failure` says after its reason: how to resume it. */
  resumeHint: string;
}

/** How a write to a job's record is conditioned, and what else it changes. */
export interface WriteOptions<E> {
  /** Other attributes of the job to set beside its state. */
  set?: Partial<E>;
  /** Lets go of the lease in the same write: no worker holds the job until one claims it. */
  free?: boolean;
  /** Only while this worker holds the job. */
  owner?: string;
  /** Only while nobody has written the record since it was read as `seen`. */
  seen?: { heartbeatAt: number; beaten: boolean };
}

const LeaseItem = z.object({ heartbeatAt: z.number().optional(), owner: z.string().optional() });

/** The lease record of one kind of durable job, with the access patterns every kind shares. */
export interface Lease<S extends LeaseState, E> {
  staleAfterMs(): number;
  /** A job's record with its lease (GetItem, consistent). */
  read(ctx: Context, workspaceId: string, id: string): Promise<Held<S, E> | null>;
  /** A job's state as clients see it, `stalled` set when its worker died. */
  view(ctx: Context, workspaceId: string, id: string): Promise<S | null>;
  /** Writes a job's state and beats its heart; false when `owner` or `seen` no longer hold. */
  write(
    ctx: Context,
    workspaceId: string,
    id: string,
    state: S,
    options?: WriteOptions<E>,
  ): Promise<boolean>;
  /** Writes as the worker `owner`; a worker taken for dead gets 409 `takenOver` instead. */
  save(ctx: Context, workspaceId: string, id: string, state: S, owner: string): Promise<void>;
  /** Puts a new record, or one replacing the record whose `attribute` is `value` (a generation). */
  create(
    ctx: Context,
    workspaceId: string,
    id: string,
    record: { state: S; attributes: E },
    replaces?: { attribute: keyof E & string; value: unknown },
  ): Promise<boolean>;
  /**
   * Makes `owner` the one worker of a running job: when none holds it, or its holder fell silent
   * for `staleAfterMs()`. False when a live worker holds it (a second delivery of the same event).
   */
  claim(ctx: Context, workspaceId: string, id: string, owner: string): Promise<boolean>;
  /** Lets go of a job (handed on, or after an error), so the next worker can claim it at once. */
  release(ctx: Context, workspaceId: string, id: string, owner: string): Promise<void>;
  /** Whether `error` is the 409 of a worker taken for dead. */
  isTakenOver(error: unknown): boolean;
  /** The state once the failure destination gives up on it: the reason, and how to resume. */
  failed(state: S, reason: string, at: string): S;
}

/**
 * The lease of a durable background job (a REFI-QDA import, a coding from search): one record
 * holds the state clients poll, a heartbeat (epoch ms of the last write) and the worker that
 * holds it. A worker claims it, writes it after each piece of work only while it still holds it,
 * and lets go when it hands on; one silent for `staleAfterMs()` is taken for dead, so its job
 * reads `stalled` and another worker may claim it.
 */
export function defineLease<S extends LeaseState, E>(spec: LeaseSpec<S, E>): Lease<S, E> {
  const staleAfterMs = () => {
    const raw = Number(process.env[spec.staleSecondsVariable] ?? "");
    return (Number.isFinite(raw) && raw > 0 ? raw : 120) * 1000;
  };

  const read = async (ctx: Context, workspaceId: string, id: string) => {
    const { Item } = await ctx.db.send(
      new GetCommand({
        TableName: ctx.table,
        Key: spec.key(workspaceId, id),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const lease = LeaseItem.safeParse(Item);
    const state = spec.state.safeParse(Item[spec.stateAttribute]);
    const attributes = spec.attributes.safeParse(Item);
    if (!lease.success || !state.success || !attributes.success) return null;
    const heartbeatAt = lease.data.heartbeatAt ?? Date.parse(state.data.updatedAt);
    const held: Held<S, E> = {
      ...attributes.data,
      state: state.data,
      heartbeatAt,
      beaten: lease.data.heartbeatAt !== undefined,
      owner: lease.data.owner ?? null,
      stalled:
        state.data.status === "running" && ctx.now().getTime() - heartbeatAt > staleAfterMs(),
    };
    return held;
  };

  /** One update of a job's record, on a condition; false when the condition failed. */
  const update = (
    ctx: Context,
    workspaceId: string,
    id: string,
    command: {
      update: string;
      condition?: string;
      names: Record<string, string>;
      values?: Record<string, unknown>;
    },
  ) =>
    writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: spec.key(workspaceId, id),
        UpdateExpression: command.update,
        ...(command.condition ? { ConditionExpression: command.condition } : {}),
        ExpressionAttributeNames: command.names,
        ...(command.values ? { ExpressionAttributeValues: command.values } : {}),
      }),
    );

  const write = async (
    ctx: Context,
    workspaceId: string,
    id: string,
    state: S,
    options: WriteOptions<E> = {},
  ) => {
    const { stalled: _, ...stored } = state;
    const names: Record<string, string> = { "#type": "type", "#state": spec.stateAttribute };
    const values: Record<string, unknown> = {
      ":type": spec.type,
      ":state": stored,
      ":now": ctx.now().getTime(),
    };
    const sets = ["#type = :type", "#state = :state", "heartbeatAt = :now"];
    Object.entries(options.set ?? {}).forEach(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      sets.push(`#a${i} = :a${i}`);
    });
    const conditions: string[] = [];
    if (options.owner) {
      conditions.push("#owner = :owner");
      values[":owner"] = options.owner;
    }
    if (options.seen) {
      // A record that never stored its heartbeat (dated by its state) still has none if unwritten.
      if (options.seen.beaten) {
        conditions.push("heartbeatAt = :seen");
        values[":seen"] = options.seen.heartbeatAt;
      } else conditions.push("attribute_not_exists(heartbeatAt)");
    }
    if (options.owner || options.free) names["#owner"] = "owner";
    return update(ctx, workspaceId, id, {
      update: `SET ${sets.join(", ")}${options.free ? " REMOVE #owner" : ""}`,
      ...(conditions.length ? { condition: conditions.join(" AND ") } : {}),
      names,
      values,
    });
  };

  const isTakenOver = (error: unknown) =>
    isGlossError(error, "conflict") && error.code === spec.takenOver.code;

  return {
    staleAfterMs,
    read,
    async view(ctx, workspaceId, id) {
      const held = await read(ctx, workspaceId, id);
      if (!held) return null;
      return held.stalled ? { ...held.state, stalled: true } : held.state;
    },
    write,
    async save(ctx, workspaceId, id, state, owner) {
      if (!(await write(ctx, workspaceId, id, state, { owner }))) {
        throw new GlossError("conflict", spec.takenOver.code, spec.takenOver.message);
      }
    },
    async create(ctx, workspaceId, id, record, replaces) {
      const { stalled: _, ...state } = record.state;
      const item = {
        ...spec.key(workspaceId, id),
        type: spec.type,
        [spec.stateAttribute]: state,
        ...record.attributes,
        heartbeatAt: ctx.now().getTime(),
      };
      // One start of a job (or of a generation): a concurrent start finds the condition failed.
      const condition = replaces
        ? {
            ConditionExpression: "#replaced = :replaced",
            ExpressionAttributeNames: { "#replaced": replaces.attribute },
            ExpressionAttributeValues: { ":replaced": replaces.value },
          }
        : { ConditionExpression: "attribute_not_exists(pk)" };
      return writeIf(ctx, new PutCommand({ TableName: ctx.table, Item: item, ...condition }));
    },
    async claim(ctx, workspaceId, id, owner) {
      const now = ctx.now().getTime();
      return update(ctx, workspaceId, id, {
        update: "SET #owner = :owner, heartbeatAt = :now",
        condition:
          "#state.#status = :running AND (attribute_not_exists(#owner) OR heartbeatAt < :stale)",
        names: { "#owner": "owner", "#state": spec.stateAttribute, "#status": "status" },
        values: {
          ":owner": owner,
          ":now": now,
          ":running": "running",
          ":stale": now - staleAfterMs(),
        },
      });
    },
    async release(ctx, workspaceId, id, owner) {
      await update(ctx, workspaceId, id, {
        update: "REMOVE #owner",
        condition: "#owner = :owner",
        names: { "#owner": "owner" },
        values: { ":owner": owner },
      });
    },
    isTakenOver,
    failed: (state, reason, at) => ({
      ...state,
      status: "failed",
      failure: `${reason}; ${spec.resumeHint}`,
      updatedAt: at,
    }),
  };
}
