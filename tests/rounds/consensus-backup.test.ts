import { beforeAll, describe, expect, it } from "vitest";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
type Json = any;

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars 😀.",
  "Guards locked the dormitory at night.",
];
const TEXT = SENTENCES.join(" ");

/** A workspace's rounds and consensus layer survive a backup and its restore, ids mapped. */
describe("backing up and restoring the consensus layer", () => {
  let team: RoundTeam;
  let owner: Member;
  let b: Member;
  let c: Member;
  let ws: string;
  let docId: string;
  let roundId: string;
  let backup: Json;
  const ids: Record<string, string> = {};

  const call = async (who: Member, method: string, path: string, body?: unknown): Promise<Json> => {
    const r = await team.request(who, method, path, body);
    return { status: r.status, text: r.text, body: r.text ? JSON.parse(r.text) : null };
  };
  async function code(who: Member, sentence: number) {
    const exact = SENTENCES[sentence]!;
    const start = TEXT.indexOf(exact);
    const reply = await call(who, "POST", `/workspaces/${ws}/documents/${docId}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags: ["forced-labour"],
    });
    expect(reply.status, reply.text).toBe(201);
    return reply.body.id as string;
  }
  async function emptyWorkspace(name: string) {
    const made = await call(owner, "POST", "/workspaces", { name });
    expect(made.status, made.text).toBe(201);
    return made.body.id as string;
  }
  const layerOf = async (workspaceId: string) =>
    (await call(owner, "GET", `/workspaces/${workspaceId}/exports/findings.json?layer=consensus`))
      .body;

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b, c, ws } = team);
    docId = (
      await call(owner, "POST", `/workspaces/${ws}/documents`, { title: "Dormitory", text: TEXT })
    ).body.id;
    roundId = (
      await call(owner, "POST", `/workspaces/${ws}/rounds`, {
        documentIds: [docId],
        coderIds: [b.user.id, c.user.id],
        tagIds: ["forced-labour"],
        blind: true,
      })
    ).body.id;
    ids.b0 = await code(b, 0);
    ids.b1 = await code(b, 1);
    ids.c2 = await code(c, 2);
    expect((await call(owner, "POST", `/workspaces/${ws}/rounds/${roundId}/close`)).status).toBe(
      200,
    );
    const adopted = await call(owner, "POST", `/workspaces/${ws}/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.b1,
    });
    expect(adopted.status, adopted.text).toBe(201);
    const start = TEXT.indexOf("Guards");
    const written = await call(owner, "POST", `/workspaces/${ws}/rounds/${roundId}/consensus`, {
      kind: "write",
      documentId: docId,
      start,
      end: start + 6,
      exact: "Guards",
      tags: ["forced-labour"],
      resolvedFrom: [ids.c2],
      note: "Only the guards",
    });
    expect(written.status, written.text).toBe(201);
    const reply = await call(owner, "GET", `/workspaces/${ws}/backup`);
    expect(reply.status, reply.text.slice(0, 200)).toBe(200);
    backup = reply.body;
  });

  it("backs up the rounds and their consensus passages, counted in the totals", () => {
    expect(backup.rounds).toHaveLength(1);
    expect(backup.rounds[0]).toMatchObject({
      id: roundId,
      documentIds: [docId],
      coderIds: [b.user.id, c.user.id],
      status: "closed",
      blind: true,
    });
    expect(backup.consensus.map((p: Json) => p.exact)).toEqual(
      expect.arrayContaining([SENTENCES[1], "Guards"]),
    );
    expect(backup.totals).toMatchObject({ rounds: 1, consensus: 2 });
    expect(backup.history.filter((e: Json) => e.kind === "consensus")).toHaveLength(2);
  });

  it("restores them with ids mapped, so the restored workspace has the same coding of record", async () => {
    const target = await emptyWorkspace("Restored");
    const reply = await call(owner, "POST", `/workspaces/${target}/restore`, backup);
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.restored).toMatchObject({ rounds: 1, consensus: 2, annotations: 3 });
    const newDoc = reply.body.documents[0].to;
    const rounds = await call(owner, "GET", `/workspaces/${target}/rounds`);
    expect(rounds.body.items).toHaveLength(1);
    const round = rounds.body.items[0];
    expect(round.id).not.toBe(roundId);
    expect(round).toMatchObject({ documentIds: [newDoc], status: "closed", workspaceId: target });
    const layer = await call(owner, "GET", `/workspaces/${target}/rounds/${round.id}/consensus`);
    expect(layer.status, layer.text).toBe(200);
    expect(layer.body.items.map((p: Json) => p.exact)).toEqual([SENTENCES[1], "Guards"]);
    for (const p of layer.body.items) {
      expect(p).toMatchObject({ documentId: newDoc, roundId: round.id, workspaceId: target });
      // Each names restored passages of the restored workspace.
      for (const from of p.resolvedFrom) {
        const source = await call(owner, "GET", `/workspaces/${target}/annotations/${from}`);
        expect(source.status, source.text).toBe(200);
      }
    }
    // The coding of record reads the same, document for document.
    const [before, after] = [await layerOf(ws), await layerOf(target)];
    expect(after.annotationCount).toBe(before.annotationCount);
    expect(after.matrix["forced-labour"][newDoc]).toBe(before.matrix["forced-labour"][docId]);
    // The agreement of the restored round is the original's.
    const agreement = (id: string, r: string) =>
      call(owner, "GET", `/workspaces/${id}/rounds/${r}/agreement?unit=character`);
    expect((await agreement(target, round.id)).body.codes).toEqual(
      (await agreement(ws, roundId)).body.codes,
    );
    // Their history came along, under the new ids.
    const history = await call(
      owner,
      "GET",
      `/workspaces/${target}/history?entity=consensus:${layer.body.items[0].id}`,
    );
    expect(history.body.items.map((e: Json) => e.action)).toEqual(["create"]);
  });

  it("refuses a backup whose consensus passage is not on its text, writing nothing", async () => {
    const target = await emptyWorkspace("Tampered");
    const tampered = structuredClone(backup);
    tampered.consensus[0].exact = "Soldiers";
    const reply = await call(owner, "POST", `/workspaces/${target}/restore`, tampered);
    expect(reply.status, reply.text).toBe(422);
    expect(reply.body.error.code).toBe("backup.quote_mismatch");
    const cut = structuredClone(backup);
    cut.consensus.pop();
    const short = await call(owner, "POST", `/workspaces/${target}/restore`, cut);
    expect(short.status).toBe(422);
    expect(short.body.error.code).toBe("backup.incomplete");
    expect((await call(owner, "GET", `/workspaces/${target}/rounds`)).body.items).toEqual([]);
    expect((await call(owner, "GET", `/workspaces/${target}/documents`)).body.items).toEqual([]);
  });
});
