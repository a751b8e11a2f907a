import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { annotate, expectStatus, makeDocument, partitionItems, tagsPath } from "../support/data.ts";

interface Code {
  id: string;
  label: string;
  parentId: string | null;
  position: number;
  version: number;
}

async function codes(t: TestApp): Promise<Code[]> {
  const reply = await t.call("GET", tagsPath(t));
  expectStatus(reply, 200);
  return reply.body.items;
}

/** The code items as stored, straight from the table (the API's tree hides a loop). */
async function stored(t: TestApp) {
  return partitionItems(t.ctx, { pk: `WS#${t.workspaceId}`, skPrefix: "TAG#" });
}

/** Ids of stored codes whose parent chain loops back on itself. */
function looping(items: Record<string, unknown>[]): string[] {
  const parent = new Map(items.map((i) => [i.id as string, (i.parentId as string | null) ?? null]));
  return [...parent.keys()].filter((id) => {
    const seen = new Set<string>();
    for (let p: string | null = id; p !== null && parent.has(p); p = parent.get(p) ?? null) {
      if (seen.has(p)) return true;
      seen.add(p);
    }
    return false;
  });
}

/** A small deterministic generator, so a failing race can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("racing moves in the codebook", () => {
  it("never leaves a loop of parents, and loses no code and no coding", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const passage = await annotate(t, doc.id, "collected every passport", {
      tags: ["forced-labour", "arbitrary-detention", "torture"],
    });
    const before = await codes(t);
    const ids = before.map((c) => c.id);
    const next = random(18);
    const statuses = new Map<number, number>();
    for (let round = 0; round < 3; round++) {
      const current = new Map((await codes(t)).map((c) => [c.id, c]));
      const moves: Array<[string, string | null]> = [];
      // Pairs moved under each other at once: each move alone is fine, together they loop.
      for (let i = 0; i < 4; i++) {
        const a = ids[Math.floor(next() * ids.length)]!;
        const b = ids[Math.floor(next() * ids.length)]!;
        if (a === b) continue;
        moves.push([a, b], [b, a]);
      }
      // A three-code ring, and moves anywhere else.
      const [x, y, z] = [0, 1, 2].map(() => ids[Math.floor(next() * ids.length)]!);
      if (new Set([x, y, z]).size === 3) moves.push([x!, y!], [y!, z!], [z!, x!]);
      for (let i = 0; i < 6; i++) {
        const id = ids[Math.floor(next() * ids.length)]!;
        const to = next() < 0.25 ? null : ids[Math.floor(next() * ids.length)]!;
        if (id !== to) moves.push([id, to]);
      }
      const replies = await Promise.all(
        moves.map(([id, parentId]) =>
          t.call("PATCH", `${tagsPath(t)}/${id}`, {
            parentId,
            version: current.get(id)!.version,
          }),
        ),
      );
      for (const reply of replies) {
        expect([200, 409, 422], JSON.stringify(reply.body)).toContain(reply.status);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      }
      // What is stored has no loop, and the tree shows every code exactly once.
      expect(looping(await stored(t))).toEqual([]);
      const after = await codes(t);
      expect(after.map((c) => c.id).toSorted()).toEqual(ids.toSorted());
      const byId = new Map(after.map((c) => [c.id, c]));
      for (const code of after) {
        let depth = 1;
        for (let p = code.parentId; p !== null; p = byId.get(p)!.parentId) depth++;
        expect(depth).toBeLessThanOrEqual(6);
      }
    }
    // Some moves landed (the race is real, not all refused).
    expect(statuses.get(200)).toBeGreaterThan(0);
    const labels = new Map(before.map((c) => [c.id, c.label]));
    for (const code of await codes(t)) expect(code.label).toBe(labels.get(code.id));
    const still = await t.call("GET", `/api/workspaces/${t.workspaceId}/annotations/${passage.id}`);
    expect(still.body.tags.toSorted()).toEqual(
      ["arbitrary-detention", "forced-labour", "torture"].toSorted(),
    );
  }, 120_000);

  it("repairs a stored loop on the next read, the same way for every reader, and records it", async () => {
    const t = await makeTestApp();
    await codes(t);
    // A loop as a mover that crashed before checking its own move would leave it (long ago): torture under
    // corruption, corruption under torture; corruption changed last.
    const put = (id: string, parentId: string, updatedAt: string) =>
      t.ctx.db.send(
        new UpdateCommand({
          TableName: t.ctx.table,
          Key: { pk: `WS#${t.workspaceId}`, sk: `TAG#${id}` },
          UpdateExpression: "SET parentId = :p, updatedAt = :u",
          ExpressionAttributeValues: { ":p": parentId, ":u": updatedAt },
        }),
      );
    await put("torture", "corruption", "2020-01-01T00:00:00.000Z");
    await put("corruption", "torture", "2020-01-01T00:00:01.000Z");
    expect(looping(await stored(t)).toSorted()).toEqual(["corruption", "torture"]);

    const [a, b] = await Promise.all([codes(t), codes(t)]);
    expect(looping(await stored(t))).toEqual([]);
    for (const list of [a, b]) {
      const byId = new Map(list.map((c) => [c.id, c]));
      expect(byId.get("torture")!.parentId).toBe("corruption");
      expect(byId.get("corruption")!.parentId).toBe(null);
    }
    const history = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/history?entity=code:corruption`,
    );
    expectStatus(history, 200);
    const repairs = (history.body.items as Array<{ entity: string; cause: string | null }>).filter(
      (e) => e.entity === "code:corruption" && e.cause === "code.cycle_repair",
    );
    expect(repairs).toHaveLength(1);
  });
});

/** Moves into one gap: past two renumberings, and past where halving alone breaks the order. */
const GAP_MOVES = 64;

describe("ranks between the same two neighbours", () => {
  // 64 moves prove what 200 did at a third of the requests: the gap is renumbered after ~32
  // halvings (MIN_RANK_GAP_RATIO), twice within 64, while halving alone gives two codes the same
  // rank at move 53 (with `needsRenumber` forced false this test fails at move 57).
  it(`keeps the order exact over ${GAP_MOVES} moves into the same gap, renumbering as it goes`, async () => {
    const t = await makeTestApp();
    const parent = await t.call("POST", tagsPath(t), { label: "Gap parent" });
    expectStatus(parent, 201);
    const versions = new Map<string, number>();
    const order: string[] = [];
    for (const label of ["Gap a", "Gap b", "Gap c", "Gap d", "Gap e"]) {
      const reply = await t.call("POST", tagsPath(t), { label, parentId: parent.body.id });
      expectStatus(reply, 201);
      versions.set(reply.body.id, reply.body.version);
      order.push(reply.body.id);
    }
    // Always the last child into the gap just after the first: each move halves the same gap.
    for (let i = 0; i < GAP_MOVES; i++) {
      const id = order.pop()!;
      order.splice(1, 0, id);
      const reply = await t.call("PATCH", `${tagsPath(t)}/${id}`, {
        position: 1,
        version: versions.get(id),
      });
      expectStatus(reply, 200);
      expect(reply.body.position, `move ${i + 1}`).toBe(1);
      versions.set(id, reply.body.version);
    }
    const children = (await codes(t)).filter((c) => c.parentId === parent.body.id);
    expect(children.toSorted((a, b) => a.position - b.position).map((c) => c.id)).toEqual(order);
    // Stored ranks are distinct and in that order; renumbering happened (the step is back).
    const ranks = (await stored(t))
      .filter((i) => i.parentId === parent.body.id)
      .sort((a, b) => order.indexOf(a.id as string) - order.indexOf(b.id as string))
      .map((i) => i.rank as number);
    for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThan(ranks[i - 1]!);
    expect(Math.max(...ranks)).toBeGreaterThan(5 * 1024);
  }, 180_000);
});
