import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../exports/support.ts";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars 😀.",
  "Guards locked the dormitory at night.",
];
const TEXT = SENTENCES.join(" ");

/**
 * The consensus layer reaches the workspace: findings and every export read, with
 * `?layer=consensus`, the rounds' consensus passages in place of the coders' passages they
 * resolve, and everything unresolved as coded; the default stays every coder's passages.
 */
describe("the consensus layer in workspace findings and exports", () => {
  let team: RoundTeam;
  let owner: Member;
  let b: Member;
  let c: Member;
  let ws: string;
  let docId: string;
  let otherDocId: string;
  const ids: Record<string, string> = {};
  const consensus: Record<string, string> = {};

  const request = (who: Member, path: string, init: { method?: string; body?: unknown } = {}) =>
    team.request(who, init.method ?? "GET", `/workspaces/${ws}${path}`, init.body);
  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  async function code(who: Member, sentence: number, doc = docId, trim = 0) {
    const exact = SENTENCES[sentence]!.slice(trim);
    const start = TEXT.indexOf(exact);
    const reply = await call(who, "POST", `/documents/${doc}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags: ["forced-labour"],
    });
    expect(reply.status, reply.text).toBe(201);
    return reply.body.id as string;
  }
  async function resolve(body: unknown) {
    const reply = await call(owner, "POST", `/rounds/${ids.round}/consensus`, body);
    expect(reply.status, reply.text).toBe(201);
    return reply.body.id as string;
  }
  const csvIds = (text: string) => parseCsv(text).map((row) => row.annotation_id);

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b, c, ws } = team);
    docId = (await call(owner, "POST", "/documents", { title: "Dormitory", text: TEXT })).body.id;
    otherDocId = (await call(owner, "POST", "/documents", { title: "Elsewhere", text: TEXT })).body
      .id;
    const round = await call(owner, "POST", "/rounds", {
      documentIds: [docId],
      coderIds: [b.user.id, c.user.id],
      tagIds: ["forced-labour"],
      blind: false,
    });
    ids.round = round.body.id;
    ids.b0 = await code(b, 0);
    ids.b1 = await code(b, 1);
    ids.c0 = await code(c, 0, docId, 8);
    ids.c2 = await code(c, 2);
    ids.outside = await code(owner, 1, otherDocId);
    const link = await call(b, "POST", "/links", {
      fromId: ids.b1,
      toId: ids.outside,
      relation: "corroborates",
    });
    expect(link.status, link.text).toBe(201);
    consensus.adopted = await resolve({ kind: "adopt", annotationId: ids.b1 });
    consensus.merged = await resolve({ kind: "merge", annotationIds: [ids.b0, ids.c0] });
    const start = TEXT.indexOf("Guards");
    consensus.written = await resolve({
      kind: "write",
      documentId: docId,
      start,
      end: start + 6,
      exact: "Guards",
      tags: ["forced-labour"],
      resolvedFrom: [ids.c2],
    });
  });

  it("counts the consensus passages in place of those they resolve in findings.json", async () => {
    const all = await call(owner, "GET", "/exports/findings.json");
    expect(all.status, all.text).toBe(200);
    expect(all.body.filter.layer).toBe("all");
    expect(all.body.annotationCount).toBe(5);
    expect(all.body.crossReferences).toHaveLength(1);
    const layered = await call(owner, "GET", "/exports/findings.json?layer=consensus");
    expect(layered.status, layered.text).toBe(200);
    expect(layered.body.filter.layer).toBe("consensus");
    // Three consensus passages on the round's document, the untouched passage elsewhere.
    expect(layered.body.annotationCount).toBe(4);
    expect(layered.body.matrix["forced-labour"]).toEqual({ [docId]: 3, [otherDocId]: 1 });
    // The link's end on the round's document was resolved away: no cross-reference is left.
    expect(layered.body.crossReferences).toEqual([]);
    const bad = await call(owner, "GET", "/exports/findings.json?layer=everything");
    expect(bad.status).toBe(400);
  });

  it("writes the consensus layer into extracts.csv in text order, without the resolved passages", async () => {
    const all = await request(owner, `/exports/extracts.csv?documentId=${docId}`);
    expect(new Set(csvIds(all.text))).toEqual(new Set([ids.b0, ids.b1, ids.c0, ids.c2]));
    const layered = await request(
      owner,
      `/exports/extracts.csv?documentId=${docId}&layer=consensus`,
    );
    expect(layered.status, layered.text.slice(0, 200)).toBe(200);
    expect(csvIds(layered.text)).toEqual([consensus.merged, consensus.adopted, consensus.written]);
    const rows = parseCsv(layered.text);
    expect(rows.map((r) => r.quote)).toEqual([SENTENCES[0], SENTENCES[1], "Guards"]);
    // The whole workspace: the passage no consensus resolves is there as coded.
    const everything = await request(owner, "/exports/extracts.csv?layer=consensus&layout=wide");
    expect(new Set(csvIds(everything.text))).toEqual(
      new Set([ids.outside, consensus.merged, consensus.adopted, consensus.written]),
    );
  });

  it("exports the consensus layer as W3C JSON-LD and as a REFI-QDA project", async () => {
    const jsonld = await request(owner, "/exports/annotations.jsonld?layer=consensus");
    expect(jsonld.status).toBe(200);
    for (const id of Object.values(consensus)) expect(jsonld.text).toContain(id);
    for (const id of [ids.b0, ids.b1, ids.c0, ids.c2]) expect(jsonld.text).not.toContain(id);
    expect(jsonld.text).toContain(ids.outside);
    // The link to a resolved passage is not written as a linking annotation.
    expect(jsonld.text).not.toContain('"linking"');
    const plain = await request(owner, "/exports/annotations.jsonld");
    expect(plain.text).toContain('"linking"');

    const qdpx = await request(owner, "/exports/project.qdpx?layer=consensus");
    expect(qdpx.status).toBe(200);
    const project = strFromU8(unzipSync(qdpx.bytes)["project.qde"]!);
    expect(project.match(/<PlainTextSelection /g)).toHaveLength(4);
    const all = strFromU8(
      unzipSync((await request(owner, "/exports/project.qdpx")).bytes)["project.qde"]!,
    );
    expect(all.match(/<PlainTextSelection /g)).toHaveLength(5);
  });

  it("shows a coder of a new blind round on the document neither the consensus nor its replacements", async () => {
    const blind = await call(owner, "POST", "/rounds", {
      documentIds: [docId],
      coderIds: [b.user.id, c.user.id],
      tagIds: ["forced-labour"],
      blind: true,
    });
    expect(blind.status, blind.text).toBe(201);
    const seen = await request(b, `/exports/extracts.csv?documentId=${docId}&layer=consensus`);
    expect(seen.status).toBe(200);
    // B's own passages stay: the consensus that resolves them is hidden from B, so it replaces
    // nothing B sees (B learns nothing of it).
    expect(csvIds(seen.text)).toEqual([ids.b0, ids.b1]);
    const findings = await call(b, "GET", `/exports/findings.json?layer=consensus`);
    expect(findings.body.matrix["forced-labour"][docId]).toBe(2);
    expect(findings.text).not.toContain(consensus.adopted);
    await call(owner, "POST", `/rounds/${blind.body.id}/close`);
    const after = await request(b, `/exports/extracts.csv?documentId=${docId}&layer=consensus`);
    expect(csvIds(after.text)).toEqual([consensus.merged, consensus.adopted, consensus.written]);
  });
});
