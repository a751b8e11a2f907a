import { beforeAll, describe, expect, it } from "vitest";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

const TEXT = "Workers said their passports were taken on arrival. The broker kept the passports.";
const FIRST = "Workers said their passports were taken on arrival.";

describe("search during an open blind round", () => {
  let team: RoundTeam;
  let owner: Member;
  let coderB: Member;
  let coderC: Member;
  let inRound: string;
  let outside: string;

  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  const code = (who: Member, documentId: string, tags: string[]) =>
    team.code(who, documentId, TEXT, FIRST, tags);

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b: coderB, c: coderC } = team);
    inRound = await team.document("In the round", TEXT);
    outside = await team.document("Outside", TEXT);
    await team.openRound({ documentIds: [inRound], tagIds: ["forced-labour"] });
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
