import * as Workspace from "@gloss/core/workspace";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAuthApp, makeUser, ORIGIN } from "../support/auth.ts";

type Env = Awaited<ReturnType<typeof makeAuthApp>>;
type Member = Awaited<ReturnType<typeof makeUser>>;

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars.",
  "Guards locked the dormitory at night 😀.",
  "Wages were paid late or not at all.",
  "Several workers left after six months.",
];
const TEXT = SENTENCES.join(" ");

describe("coding rounds and their agreement", () => {
  let env: Env;
  let owner: Member;
  let coderB: Member;
  let coderC: Member;
  let viewer: Member;
  let ws: string;
  let docId: string;
  let text: string;

  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  async function call(who: Member, method: string, path: string, body?: unknown): Promise<any> {
    const response = await env.app.request(`${ORIGIN}/api/workspaces/${ws}${path}`, {
      method,
      headers: { ...who.auth, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  }

  async function code(who: Member, sentence: number, tags = ["forced-labour"]) {
    const exact = SENTENCES[sentence]!;
    const start = text.indexOf(exact);
    const reply = await call(who, "POST", `/documents/${docId}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }

  beforeAll(async () => {
    env = await makeAuthApp();
    owner = await makeUser(env.ctx, "owner@example.org");
    coderB = await makeUser(env.ctx, "b@example.org");
    coderC = await makeUser(env.ctx, "c@example.org");
    viewer = await makeUser(env.ctx, "viewer@example.org");
    ws = owner.workspaceId;
    await Workspace.addMember(env.ctx, ws, coderB.user, "editor");
    await Workspace.addMember(env.ctx, ws, coderC.user, "editor");
    await Workspace.addMember(env.ctx, ws, viewer.user, "viewer");
    const doc = await call(owner, "POST", "/documents", { title: "Dormitory report", text: TEXT });
    expect(doc.status, JSON.stringify(doc.body)).toBe(201);
    docId = doc.body.id;
    const response = await env.app.request(
      `${ORIGIN}/api/workspaces/${ws}/documents/${docId}/text`,
      { headers: owner.auth },
    );
    text = await response.text();
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
  let env: Env;
  let owner: Member;
  let coderB: Member;
  let coderC: Member;
  let ws: string;
  let docId: string;
  let otherDocId: string;

  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  async function call(who: Member, method: string, path: string, body?: unknown): Promise<any> {
    const response = await env.app.request(`${ORIGIN}/api/workspaces/${ws}${path}`, {
      method,
      headers: { ...who.auth, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  }

  async function code(who: Member, documentId: string): Promise<string> {
    const exact = SENTENCES[0]!;
    const reply = await call(who, "POST", `/documents/${documentId}/annotations`, {
      start: TEXT.indexOf(exact),
      end: TEXT.indexOf(exact) + exact.length,
      exact,
      tags: ["forced-labour"],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.id;
  }

  const authors = (items: { createdBy: string }[]) => items.map((a) => a.createdBy).sort();

  beforeAll(async () => {
    env = await makeAuthApp();
    owner = await makeUser(env.ctx, "owner@example.org");
    coderB = await makeUser(env.ctx, "b@example.org");
    coderC = await makeUser(env.ctx, "c@example.org");
    ws = owner.workspaceId;
    await Workspace.addMember(env.ctx, ws, coderB.user, "editor");
    await Workspace.addMember(env.ctx, ws, coderC.user, "editor");
    docId = (await call(owner, "POST", "/documents", { title: "In the round", text: TEXT })).body
      .id;
    otherDocId = (await call(owner, "POST", "/documents", { title: "Outside", text: TEXT })).body
      .id;
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
