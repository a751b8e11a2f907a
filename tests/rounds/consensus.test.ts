import { beforeAll, describe, expect, it } from "vitest";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars 😀.",
  "Guards locked the dormitory at night.",
];
const TEXT = SENTENCES.join(" ");

describe("disagreements side by side, and their resolution into a consensus layer", () => {
  let team: RoundTeam;
  let owner: Member;
  let b: Member;
  let c: Member;
  let docId: string;
  let roundId: string;
  const ids: Record<string, string> = {};

  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  const code = (who: Member, sentence: number, trim = 0) =>
    team.code(who, docId, TEXT, SENTENCES[sentence]!.slice(trim));

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b, c } = team);
    docId = await team.document("Dormitory", TEXT);
    roundId = await team.openRound({ documentIds: [docId], tagIds: ["forced-labour"] });
    // B: sentences 1 and 2; C: most of sentence 1 (from its 8th character) and sentence 3.
    ids.b0 = await code(b, 0);
    ids.b1 = await code(b, 1);
    ids.c0 = await code(c, 0, 8);
    ids.c2 = await code(c, 2);
    ids.owner = await code(owner, 2);
  });

  it("keeps disagreements and consensus closed while the blind round is open", async () => {
    const view = await call(b, "GET", `/rounds/${roundId}/documents/${docId}/disagreements`);
    expect(view.status).toBe(403);
    expect(view.body.error.code).toBe("round.blind_open");
    const early = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.b1,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("round.blind_open");
    expect((await call(owner, "GET", `/rounds/${roundId}/consensus`)).body.items).toEqual([]);
  });

  it("shows a lane per coder and the sentences they disagree on, in text order", async () => {
    expect((await call(owner, "POST", `/rounds/${roundId}/close`)).status).toBe(200);
    const view = await call(b, "GET", `/rounds/${roundId}/documents/${docId}/disagreements`);
    expect(view.status, view.text).toBe(200);
    expect(view.body.lanes.map((l: { coder: string }) => l.coder)).toEqual([b.user.id, c.user.id]);
    expect(view.body.lanes[0].passages.map((p: { id: string }) => p.id)).toEqual([ids.b0, ids.b1]);
    // Sentence 1 agrees (C's passage covers more than half of it); 2 and 3 do not.
    const starts = view.body.disagreements.map((d: { start: number }) => d.start);
    expect(starts).toEqual([TEXT.indexOf(SENTENCES[1]!), TEXT.indexOf(SENTENCES[2]!)]);
    expect(view.body.disagreements[0]).toMatchObject({
      code: "forced-labour",
      coded: [b.user.id],
      notCoded: [c.user.id],
    });
    // At characters, sentence 1's first 8 characters are a disagreement too.
    const chars = await call(
      owner,
      "GET",
      `/rounds/${roundId}/documents/${docId}/disagreements?unit=character`,
    );
    expect(chars.body.disagreements[0]).toMatchObject({ start: 0, end: 8 });
    const outside = await call(owner, "GET", `/rounds/${roundId}/documents/doc_nope/disagreements`);
    expect(outside.status).toBe(404);
  });

  it("adopts, merges and writes consensus passages without touching the coders' passages", async () => {
    const adopted = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.b1,
    });
    expect(adopted.status, adopted.text).toBe(201);
    expect(adopted.body).toMatchObject({
      layer: "consensus",
      resolution: "adopt",
      resolvedFrom: [ids.b1],
      exact: SENTENCES[1],
      tags: ["forced-labour"],
      documentId: docId,
    });
    const merged = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "merge",
      annotationIds: [ids.c0, ids.b0],
    });
    expect(merged.status, merged.text).toBe(201);
    expect(merged.body).toMatchObject({ start: 0, exact: SENTENCES[0], resolution: "merge" });
    const start = TEXT.indexOf("Guards");
    const written = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "write",
      documentId: docId,
      start,
      end: start + 6,
      exact: "Guards",
      tags: ["forced-labour"],
      resolvedFrom: [ids.c2],
      note: "Only the guards, as agreed in the meeting",
    });
    expect(written.status, written.text).toBe(201);
    const list = await call(c, "GET", `/rounds/${roundId}/consensus`);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([
      merged.body.id,
      adopted.body.id,
      written.body.id,
    ]);
    for (const [who, id] of [
      [b, ids.b0],
      [b, ids.b1],
      [c, ids.c0],
      [c, ids.c2],
    ] as const) {
      const own = await call(who, "GET", `/annotations/${id}`);
      expect(own.body).toMatchObject({ version: 1, createdBy: who.user.id });
    }
  });

  it("refuses resolutions that would misplace or misattribute a passage, and writes nothing", async () => {
    const before = (await call(owner, "GET", `/rounds/${roundId}/consensus`)).body.items.length;
    const wrongQuote = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "write",
      documentId: docId,
      start: 0,
      end: 7,
      exact: "Soldier",
      tags: ["forced-labour"],
    });
    expect(wrongQuote.status).toBe(422);
    const notCoder = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.owner,
    });
    expect(notCoder.status).toBe(422);
    expect(notCoder.body.error.code).toBe("consensus.not_in_round");
    const otherCode = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.b1,
      tags: ["torture"],
    });
    expect(otherCode.status).toBe(422);
    expect(otherCode.body.error.code).toBe("consensus.no_code");
    const byEditor = await call(b, "POST", `/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.b1,
    });
    expect(byEditor.status).toBe(403);
    const badKind = await call(owner, "POST", `/rounds/${roundId}/consensus`, { kind: "vote" });
    expect(badKind.status).toBe(400);
    expect((await call(owner, "GET", `/rounds/${roundId}/consensus`)).body.items).toHaveLength(
      before,
    );
  });

  it("withdraws a consensus passage once", async () => {
    const [first] = (await call(owner, "GET", `/rounds/${roundId}/consensus`)).body.items;
    const path = `/rounds/${roundId}/consensus/${first.id}`;
    expect((await call(owner, "DELETE", path)).status).toBe(204);
    const again = await call(owner, "DELETE", path);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("consensus.not_found");
  });

  it("records a consensus passage's creation and withdrawal in the history, by the owner", async () => {
    const added = await call(owner, "POST", `/rounds/${roundId}/consensus`, {
      kind: "adopt",
      annotationId: ids.c2,
    });
    expect(added.status, added.text).toBe(201);
    const entity = `consensus:${added.body.id}`;
    const created = await call(owner, "GET", `/history?entity=${entity}`);
    expect(created.status, created.text).toBe(200);
    expect(created.body.items).toHaveLength(1);
    expect(created.body.items[0]).toMatchObject({
      kind: "consensus",
      action: "create",
      by: owner.user.id,
      documentId: docId,
      status: "applied",
      after: { resolvedFrom: [ids.c2], exact: SENTENCES[2] },
    });
    expect(
      (await call(owner, "DELETE", `/rounds/${roundId}/consensus/${added.body.id}`)).status,
    ).toBe(204);
    const removed = await call(owner, "GET", `/history?entity=${entity}`);
    expect(removed.body.items.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "delete",
    ]);
    expect(removed.body.items[1]).toMatchObject({ before: { id: added.body.id }, after: null });
    // The document's history lists it beside its passages.
    const ofDocument = await call(owner, "GET", `/history?documentId=${docId}`);
    expect(ofDocument.text).toContain(entity);
  });
});
