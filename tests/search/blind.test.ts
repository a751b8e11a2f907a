import * as Workspace from "@gloss/core/workspace";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAuthApp, makeUser, ORIGIN } from "../support/auth.ts";

type Env = Awaited<ReturnType<typeof makeAuthApp>>;
type Member = Awaited<ReturnType<typeof makeUser>>;

const TEXT = "Workers said their passports were taken on arrival. The broker kept the passports.";
const FIRST = "Workers said their passports were taken on arrival.";

describe("search during an open blind round", () => {
  let env: Env;
  let owner: Member;
  let coderB: Member;
  let coderC: Member;
  let ws: string;
  let inRound: string;
  let outside: string;

  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  async function call(who: Member, method: string, path: string, body?: unknown): Promise<any> {
    const response = await env.app.request(`${ORIGIN}/api/workspaces/${ws}${path}`, {
      method,
      headers: { ...who.auth, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  }

  async function code(who: Member, documentId: string, tags: string[]) {
    const reply = await call(who, "POST", `/documents/${documentId}/annotations`, {
      start: 0,
      end: FIRST.length,
      exact: FIRST,
      tags,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }

  beforeAll(async () => {
    env = await makeAuthApp();
    owner = await makeUser(env.ctx, "owner@example.org");
    coderB = await makeUser(env.ctx, "b@example.org");
    coderC = await makeUser(env.ctx, "c@example.org");
    ws = owner.workspaceId;
    await Workspace.addMember(env.ctx, ws, coderB.user, "editor");
    await Workspace.addMember(env.ctx, ws, coderC.user, "editor");
    inRound = (await call(owner, "POST", "/documents", { title: "In the round", text: TEXT })).body
      .id;
    outside = (await call(owner, "POST", "/documents", { title: "Outside", text: TEXT })).body.id;
    const round = await call(owner, "POST", "/rounds", {
      documentIds: [inRound],
      coderIds: [coderB.user.id, coderC.user.id],
      tagIds: ["forced-labour"],
      blind: true,
    });
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    await code(coderC, inRound, ["forced-labour"]);
    await code(coderC, outside, ["forced-labour"]);
  });

  const codesOf = (items: Array<{ documentId: string; codes: string[] }>, documentId: string) =>
    items.filter((h) => h.documentId === documentId).map((h) => h.codes);

  it("does not show a coder another coder's codes on the round's documents", async () => {
    const seenByB = await call(coderB, "GET", "/search?q=passports");
    expect(seenByB.status).toBe(200);
    expect(codesOf(seenByB.body.items, inRound)).toEqual([[], []]);
    // Outside the round, C's coding stays visible.
    expect(codesOf(seenByB.body.items, outside)).toEqual([["forced-labour"], []]);
    const filtered = await call(coderB, "GET", "/search?q=passports&tag=forced-labour");
    expect(filtered.body.items.map((h: { documentId: string }) => h.documentId)).toEqual([outside]);
    // The owner is no coder of the round and sees everyone's.
    const seenByOwner = await call(owner, "GET", "/search?q=passports");
    expect(codesOf(seenByOwner.body.items, inRound)).toEqual([["forced-labour"], []]);
  });

  it("codes a hit for a blind coder even where another coder already coded it", async () => {
    const reply = await call(coderB, "POST", "/search/code", {
      q: '"said their passports"',
      documentIds: [inRound],
      tags: ["forced-labour"],
      hits: "all",
      expand: "sentence",
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    // Skipping it would tell B that someone coded this sentence.
    expect(reply.body).toMatchObject({ passages: 1, created: 1, skipped: 0 });
    const mine = await call(coderB, "GET", `/documents/${inRound}/annotations`);
    expect(mine.body.items.map((a: { createdBy: string }) => a.createdBy)).toEqual([
      coderB.user.id,
    ]);
  });

  it("codes a hit for a blind coder that another coder coded from the same search", async () => {
    const request = {
      q: '"broker kept"',
      documentIds: [inRound],
      tags: ["forced-labour"],
      hits: "all",
      expand: "sentence",
    };
    const byC = await call(coderC, "POST", "/search/code", request);
    expect(byC.body).toMatchObject({ created: 1, skipped: 0 });
    // Same span, same codes, so the same derived id: B must still get a passage of their own.
    const byB = await call(coderB, "POST", "/search/code", request);
    expect(byB.body).toMatchObject({ created: 1, skipped: 0 });
    // And a retry by B creates nothing twice.
    expect((await call(coderB, "POST", "/search/code", request)).body).toMatchObject({
      created: 0,
      skipped: 1,
    });
    const mine = await call(coderB, "GET", `/documents/${inRound}/annotations`);
    const quotes = mine.body.items.map((a: { exact: string }) => a.exact);
    expect(quotes).toContain("The broker kept the passports.");
  });
});
