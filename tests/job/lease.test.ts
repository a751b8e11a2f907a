import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";
import { keys } from "@gloss/core/db";
import { isGlossError } from "@gloss/core/error";
import { defineHandOn, defineLease, failAbandoned, runTurn } from "@gloss/core/job";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { makeContext } from "../support/app.ts";

// The durable-job mechanism on its own: a lease record with a heartbeat, claimed by one worker at
// a time, taken for dead after a silence, and marked failed by the failure destination.

const State = z.object({
  status: z.enum(["running", "done", "failed"]),
  stalled: z.boolean().optional(),
  failure: z.string().nullable(),
  done: z.number().int(),
  updatedAt: z.string(),
});
type State = z.infer<typeof State>;

const lease = defineLease({
  key: keys.codeJob,
  type: "test-job",
  stateAttribute: "job",
  state: State,
  attributes: z.object({ generation: z.number().int() }),
  staleSecondsVariable: "GLOSS_TEST_JOB_STALE_SECONDS",
  takenOver: { code: "test.taken_over", message: "taken over" },
  resumeHint: "post it again",
});

function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

const running = (ctx: Context): State => ({
  status: "running",
  failure: null,
  done: 0,
  updatedAt: ctx.now().toISOString(),
});

describe("a durable job's lease", () => {
  it("is held by one worker until it falls silent, and a worker taken over cannot write", async () => {
    const clock = movableClock();
    const ctx = await makeContext({ now: clock.now });
    const ws = "ws_lease";
    expect(
      await lease.create(ctx, ws, "a".repeat(64), {
        state: running(ctx),
        attributes: { generation: 1 },
      }),
    ).toBe(true);
    // A second start of the same generation is refused; a start that replaces generation 1 is not.
    expect(
      await lease.create(ctx, ws, "a".repeat(64), {
        state: running(ctx),
        attributes: { generation: 1 },
      }),
    ).toBe(false);
    const read = await lease.read(ctx, ws, "a".repeat(64));
    expect(read).toMatchObject({ generation: 1, owner: null, stalled: false, beaten: true });

    expect(await lease.claim(ctx, ws, "a".repeat(64), "first")).toBe(true);
    expect(await lease.claim(ctx, ws, "a".repeat(64), "second")).toBe(false);
    clock.advance(3 * 60_000);
    expect(await lease.view(ctx, ws, "a".repeat(64))).toMatchObject({ stalled: true });
    expect(await lease.claim(ctx, ws, "a".repeat(64), "second")).toBe(true);
    const taken = await lease
      .save(ctx, ws, "a".repeat(64), { ...running(ctx), done: 5 }, "first")
      .catch((error: unknown) => error);
    expect(isGlossError(taken, "conflict") && lease.isTakenOver(taken)).toBe(true);
    const progressed = { ...running(ctx), done: 5 };
    await lease.save(ctx, ws, "a".repeat(64), progressed, "second");
    expect(await lease.view(ctx, ws, "a".repeat(64))).toEqual(progressed);
    const next = { state: running(ctx), attributes: { generation: 2 } };
    const replaces = { attribute: "generation", value: 1 } satisfies {
      attribute: "generation";
      value: number;
    };
    expect(await lease.create(ctx, ws, "a".repeat(64), next, replaces)).toBe(true);
    expect(await lease.create(ctx, ws, "a".repeat(64), next, replaces)).toBe(false);
    expect(await lease.read(ctx, ws, "a".repeat(64))).toMatchObject({ generation: 2, owner: null });
  });

  it("runs a turn: busy while another holds it, and lets go when the work hands on", async () => {
    const ctx = await makeContext();
    const ws = "ws_turn";
    const id = "b".repeat(64);
    await lease.create(ctx, ws, id, { state: running(ctx), attributes: { generation: 1 } });
    expect(await lease.claim(ctx, ws, id, "live")).toBe(true);
    expect(await runTurn(ctx, lease, ws, id, "other", async () => "done")).toBe("busy");
    await lease.release(ctx, ws, id, "live");
    expect(await runTurn(ctx, lease, ws, id, "worker", async () => "continued")).toBe("continued");
    expect((await lease.read(ctx, ws, id))?.owner).toBeNull();
    // A storage error lets go and is thrown, so the retry claims it at once.
    await expect(
      runTurn(ctx, lease, ws, id, "worker", async () => {
        throw new Error("storage down");
      }),
    ).rejects.toThrow("storage down");
    expect(await runTurn(ctx, lease, ws, id, "retry", async () => "done")).toBe("done");
  });

  it("is marked failed by the failure destination only when no live worker holds it", async () => {
    const clock = movableClock();
    const ctx = await makeContext({ now: clock.now });
    const ws = "ws_fail";
    const id = "c".repeat(64);
    await lease.create(ctx, ws, id, { state: running(ctx), attributes: { generation: 1 } });
    await lease.claim(ctx, ws, id, "live");
    expect(await failAbandoned(ctx, lease, ws, id, "retries spent")).toBe(false);
    clock.advance(3 * 60_000);
    expect(await failAbandoned(ctx, lease, ws, id, "retries spent")).toBe(true);
    expect(await lease.view(ctx, ws, id)).toMatchObject({
      status: "failed",
      failure: "retries spent; post it again",
    });
    expect(await failAbandoned(ctx, lease, ws, id, "again")).toBe(false);
  });

  it("dates a record that never stored its heartbeat by its state, and can still fail it", async () => {
    const clock = movableClock();
    const ctx = await makeContext({ now: clock.now });
    const ws = "ws_legacy";
    const id = "d".repeat(64);
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.table,
        Item: { ...keys.codeJob(ws, id), type: "test-job", job: running(ctx), generation: 1 },
      }),
    );
    expect(await lease.read(ctx, ws, id)).toMatchObject({ beaten: false, stalled: false });
    clock.advance(3 * 60_000);
    expect(await lease.read(ctx, ws, id)).toMatchObject({ stalled: true });
    expect(await failAbandoned(ctx, lease, ws, id, "retries spent")).toBe(true);
    expect(await lease.read(ctx, ws, id)).toMatchObject({
      beaten: true,
      state: { status: "failed" },
    });
  });
});

describe("a job's hand-on object", () => {
  const handOn = defineHandOn({ folder: "jobs", prefix: "test-", idName: "testId" });

  it("names the job in its key, and reads back only keys of its own kind", () => {
    const key = handOn.key("ws_1", "e".repeat(64));
    expect(key).toBe(`workspaces/ws_1/jobs/test-${"e".repeat(64)}.job`);
    expect(handOn.parse(key)).toEqual({ workspaceId: "ws_1", id: "e".repeat(64) });
    expect(handOn.parse(`workspaces/ws_1/jobs/code-${"e".repeat(64)}.job`)).toBeNull();
    expect(handOn.parse(`workspaces/ws_1/imports/${"e".repeat(64)}.job`)).toBeNull();
    expect(handOn.parse(`workspaces/ws_1/jobs/test-${"e".repeat(63)}.job`)).toBeNull();
  });
});
