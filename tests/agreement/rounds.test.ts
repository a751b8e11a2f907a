import { beforeAll, describe, expect, it } from "vitest";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars.",
  "Guards locked the dormitory at night 😀.",
  "Wages were paid late or not at all.",
  "Several workers left after six months.",
];
const TEXT = SENTENCES.join(" ");

describe("coding rounds and their agreement", () => {
  let team: RoundTeam;
  let owner: Member;
  let coderB: Member;
  let coderC: Member;
  let viewer: Member;
  let docId: string;
  let text: string;

  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  const code = (who: Member, sentence: number, tags = ["forced-labour"]) =>
    team.code(who, docId, text, SENTENCES[sentence]!, tags);

  beforeAll(async () => {
    team = await makeRoundTeam({ viewer: true });
    ({ owner, b: coderB, c: coderC, viewer } = team);
    docId = await team.document("Dormitory report", TEXT);
    text = (await team.request(owner, "GET", `/workspaces/${team.ws}/documents/${docId}/text`))
      .text;
    // B codes sentences 1 and 2, C codes sentence 1: they disagree on one sentence of five.
    await code(coderB, 0);
    await code(coderB, 1);
    await code(coderC, 0);
    // Not in the round's agreement: a passage by someone who is not a coder of the round, and a
    // passage with a code outside the round.
    await code(owner, 3);
    await code(coderC, 4, ["torture"]);
  });

  const roundInput = () => ({
    documentIds: [docId],
    coderIds: [coderB.user.id, coderC.user.id],
    tagIds: ["forced-labour"],
    blind: true,
  });

  it("opens, lists, reads and closes a round once", async () => {
    const opened = await call(owner, "POST", "/rounds", roundInput());
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ status: "open", blind: true, closedAt: null });
    const id = opened.body.id;
    expect(
      (await call(viewer, "GET", "/rounds")).body.items.map((r: { id: string }) => r.id),
    ).toContain(id);
    expect((await call(viewer, "GET", `/rounds/${id}`)).body.id).toBe(id);
    const closed = await call(owner, "POST", `/rounds/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
    expect((await call(owner, "GET", `/rounds/${id}`)).body.closedAt).toBe(closed.body.closedAt);
    const again = await call(owner, "POST", `/rounds/${id}/close`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("round.closed");
  });

  it("lets only an owner open a round, with coders who can annotate", async () => {
    const byEditor = await call(coderB, "POST", "/rounds", roundInput());
    expect(byEditor.status).toBe(403);
    const withViewer = await call(owner, "POST", "/rounds", {
      ...roundInput(),
      coderIds: [coderB.user.id, viewer.user.id],
    });
    expect(withViewer.status).toBe(422);
    expect(withViewer.body.error.code).toBe("round.coder_not_editor");
    const unknownDoc = await call(owner, "POST", "/rounds", {
      ...roundInput(),
      documentIds: ["doc_01M8HF58G27EZWME4X1DY0YNFJ"],
    });
    expect(unknownDoc.status).toBe(404);
    const oneCoder = await call(owner, "POST", "/rounds", {
      ...roundInput(),
      coderIds: [coderB.user.id],
    });
    expect(oneCoder.status).toBe(400);
    expect((await call(owner, "GET", "/rounds/rnd_nope")).status).toBe(404);
  });

  it("computes sentence agreement of the round's coders on the round's codes", async () => {
    const { body: round } = await call(owner, "POST", "/rounds", roundInput());
    const reply = await call(
      owner,
      "GET",
      `/rounds/${round.id}/agreement?unit=sentence&overlap=0.5`,
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const [forced, overall] = reply.body.codes;
    expect(forced.code).toBe("forced-labour");
    expect(overall.code).toBeNull();
    expect(forced.units).toBe(5);
    expect(forced.percent).toBeCloseTo(0.8, 12);
    // B = 1 1 0 0 0, C = 1 0 0 0 0: α = 1 − 9 · 2 / (2 · 3 · 7) = 4/7; κ = (0.8 − 0.56)/0.44.
    expect(forced.krippendorffAlpha).toBeCloseTo(4 / 7, 12);
    expect(forced.pairs).toHaveLength(1);
    expect(forced.pairs[0]).toMatchObject({
      coders: [coderB.user.id, coderC.user.id],
      units: 5,
      disagreements: 1,
    });
    expect(forced.pairs[0].cohenKappa).toBeCloseTo(0.24 / 0.44, 12);
    expect(forced.alphaInterval.low).toBeLessThanOrEqual(forced.alphaInterval.high);
    expect(overall.krippendorffAlpha).toBeCloseTo(forced.krippendorffAlpha, 12);
    // αu on characters, whatever the unit: C's one passage is B's first; B's second lies in C's gap.
    expect(forced.unitizedAlpha).toBeGreaterThan(0);
    expect(forced.unitizedAlpha).toBeLessThan(1);
    expect(forced.pairs[0].unitizedAlpha).toBeCloseTo(forced.unitizedAlpha, 12);
  });

  it("computes character agreement weighted by characters, with no interval", async () => {
    const { body: round } = await call(owner, "POST", "/rounds", roundInput());
    const reply = await call(owner, "GET", `/rounds/${round.id}/agreement?unit=character`);
    expect(reply.status).toBe(200);
    const [forced] = reply.body.codes;
    expect(forced.units).toBe([...text].length);
    expect(forced.pairs[0].disagreements).toBe([...SENTENCES[1]!].length);
    expect(forced.alphaInterval).toBeNull();
  });

  it("hides an open blind round's agreement from everyone but the owner", async () => {
    const { body: round } = await call(owner, "POST", "/rounds", roundInput());
    const path = `/rounds/${round.id}/agreement`;
    const early = await call(coderB, "GET", path);
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe("round.blind_open");
    await call(owner, "POST", `/rounds/${round.id}/close`);
    expect((await call(coderB, "GET", path)).status).toBe(200);
  });

  it("refuses an unknown unit or an overlap outside (0, 1]", async () => {
    const { body: round } = await call(owner, "POST", "/rounds", roundInput());
    for (const query of ["unit=word", "overlap=0", "overlap=1.5", "overlap=abc"]) {
      const reply = await call(owner, "GET", `/rounds/${round.id}/agreement?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.body.error.code).toBeTypeOf("string");
    }
  });
});

describe("blind rounds on the annotation routes", () => {
  let team: RoundTeam;
  let owner: Member;
  let coderB: Member;
  let coderC: Member;
  let docId: string;
  let otherDocId: string;

  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  const code = (who: Member, documentId: string) => team.code(who, documentId, TEXT, SENTENCES[0]!);

  const authors = (items: { createdBy: string }[]) => items.map((a) => a.createdBy).sort();

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b: coderB, c: coderC } = team);
    docId = await team.document("In the round", TEXT);
    otherDocId = await team.document("Outside", TEXT);
  });

  it("shows a coder only their own passages on the round's documents until it closes", async () => {
    const { body: round } = await call(owner, "POST", "/rounds", {
      documentIds: [docId],
      coderIds: [coderB.user.id, coderC.user.id],
      tagIds: ["forced-labour"],
      blind: true,
    });
    await code(coderB, docId);
    const cPassage = await code(coderC, docId);
    await code(coderC, otherDocId);
    const b = coderB.user.id;
    const c = coderC.user.id;

    const byDocument = await call(coderB, "GET", `/documents/${docId}/annotations`);
    expect(authors(byDocument.body.items)).toEqual([b]);
    const byWorkspace = await call(coderB, "GET", "/annotations");
    // C's passage on the document outside the round stays visible.
    expect(authors(byWorkspace.body.items)).toEqual([b, c]);
    const filtered = await call(coderB, "GET", `/annotations?documentId=${docId}`);
    expect(authors(filtered.body.items)).toEqual([b]);
    const single = await call(coderB, "GET", `/annotations/${cPassage}`);
    expect(single.status).toBe(404);
    expect(single.body.error.code).toBe("annotation.not_found");
    // The owner, who is not a coder of the round, sees everyone's.
    const ownerView = await call(owner, "GET", `/documents/${docId}/annotations`);
    expect(authors(ownerView.body.items)).toEqual([b, c].sort());

    await call(owner, "POST", `/rounds/${round.id}/close`);
    const after = await call(coderB, "GET", `/documents/${docId}/annotations`);
    expect(authors(after.body.items)).toEqual([b, c].sort());
    expect((await call(coderB, "GET", `/annotations/${cPassage}`)).status).toBe(200);
  });
});
