/**
 * What the append-only history costs per annotation write: Annotation.create and .update as they
 * are now (history entry first, then the item) beside the same item writes without history (the
 * write path before it: one conditional Put, one conditional Update), on the embedded DynamoDB.
 * Storage calls per operation are counted exactly (load-independent); times are medians and vary
 * with machine load, so compare them within one run.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Annotation from "@gloss/core/annotation";
import type { Context } from "@gloss/core/context";
import * as Document from "@gloss/core/document";
import * as User from "@gloss/core/user";
import * as Workspace from "@gloss/core/workspace";
import { finish, RESULTS, type Row } from "../lib/report.ts";
import { openStorage } from "../lib/services.ts";
import { percentile } from "../lib/stats.ts";
import { generate } from "../reader/generate.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

/** The context, counting storage calls by command name. */
function counting(ctx: Context) {
  const counts = new Map<string, number>();
  const db = new Proxy(ctx.db, {
    get(target, prop, receiver) {
      if (prop !== "send") return Reflect.get(target, prop, receiver);
      return (command: { constructor: { name: string } }) => {
        const name = command.constructor.name.replace(/Command$/, "");
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return target.send(command as never);
      };
    },
  });
  return { ctx: { ...ctx, db } as Context, counts };
}

async function timed(n: number, op: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await op(i);
    ms.push(performance.now() - started);
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export async function run() {
  const { services, ctx: plain } = await openStorage(join(RESULTS, "data-history"), {
    fresh: true,
  });
  const { text, annotations } = generate(20240611, 100_000, RUNS);
  const rows: Row[] = [];
  const details: Record<string, unknown> = { runs: RUNS };
  try {
    const workspaceId = await Workspace.ensureDefault(plain, User.LOCAL_OWNER);
    const document = await Document.create(plain, workspaceId, User.LOCAL_OWNER.id, {
      title: "History benchmark report",
      text,
    });
    const input = (i: number) => {
      const a = annotations[i % annotations.length]!;
      return { start: a.start, end: a.end, exact: text.slice(a.start, a.end), tags: ["torture"] };
    };
    const { ctx, counts } = counting(plain);
    const perOp = (n: number) =>
      Object.fromEntries([...counts].map(([name, c]) => [name, +(c / n).toFixed(2)]));

    const made: Annotation.Annotation[] = [];
    counts.clear();
    const create = await timed(RUNS, async (i) => {
      made.push(
        await Annotation.create(ctx, workspaceId, document.id, User.LOCAL_OWNER.id, input(i)),
      );
    });
    details.createCalls = perOp(RUNS);
    counts.clear();
    const update = await timed(RUNS, (i) =>
      Annotation.update(ctx, workspaceId, made[i]!.id, { note: `edited ${i}`, version: 1 }),
    );
    details.updateCalls = perOp(RUNS);

    // The same item writes without history: what create and update wrote before it.
    const raw = made;
    counts.clear();
    const rawPut = await timed(RUNS, (i) =>
      ctx.db.send(
        new PutCommand({
          TableName: ctx.table,
          Item: {
            pk: `WS#${workspaceId}`,
            sk: `BENCH#${raw[i]!.id}`,
            type: "annotation",
            ...raw[i],
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      ),
    );
    const rawUpdate = await timed(RUNS, (i) =>
      ctx.db.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: { pk: `WS#${workspaceId}`, sk: `BENCH#${raw[i]!.id}` },
          UpdateExpression: "SET note = :note, version = version + :one",
          ConditionExpression: "attribute_exists(pk) AND version = :version",
          ExpressionAttributeValues: { ":note": `edited ${i}`, ":one": 1, ":version": 1 },
        }),
      ),
    );
    details.timings = { create, update, rawPut, rawUpdate };
    console.log(JSON.stringify(details, null, 2));
    rows.push(
      {
        suite: "history",
        measure: "create an annotation (with history): p50",
        value: create.p50,
        unit: "ms",
      },
      {
        suite: "history",
        measure: "update an annotation (with history): p50",
        value: update.p50,
        unit: "ms",
      },
      {
        suite: "history",
        measure: "the item Put alone (no history): p50",
        value: rawPut.p50,
        unit: "ms",
      },
      {
        suite: "history",
        measure: "the item Update alone (no history): p50",
        value: rawUpdate.p50,
        unit: "ms",
      },
    );
  } finally {
    await services.stop();
  }
  return finish("history", rows, details);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
