import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

/**
 * Blind mode attacked from outside: coder B of an open blind round tries every route that reads
 * passages, with real accounts, and must never learn anything of coder C's passages on the
 * round's document: not their ids, notes, links, counts, nor whether they exist.
 */
const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars.",
  "Guards locked the dormitory at night 😀.",
];
const TEXT = SENTENCES.join(" ");
/** Words only C's work contains: finding one in a reply to B is a leak. */
const C_NOTE = "zebra-note-of-coder-c";
const C_LINK = "okapi-link-of-coder-c";

describe("a coder of an open blind round cannot reach another coder's passages", () => {
  let team: RoundTeam;
  let owner: Member;
  let b: Member;
  let c: Member;
  let ws: string;
  let docId: string;
  let otherDocId: string;
  let roundId: string;
  let cPassage: string;
  let cSecond: string;
  let bPassage: string;
  let bShareToken: string;

  const request = (...args: Parameters<RoundTeam["request"]>) => team.request(...args);
  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  const code = (who: Member, sentence: number, note?: string, doc = docId) =>
    team.code(who, doc, TEXT, SENTENCES[sentence]!, ["forced-labour"], note ? { note } : {});
  /** Asserts a reply to B carries nothing of C's work on the round's document. */
  function expectNothingOfC(text: string, where: string) {
    for (const secret of [cPassage, cSecond, C_NOTE, C_LINK]) {
      expect(text.includes(secret), `${where} reveals ${secret}`).toBe(false);
    }
  }

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b, c, ws } = team);
    docId = await team.document("Dormitory", TEXT);
    otherDocId = await team.document("Elsewhere", TEXT);
    roundId = await team.openRound({ documentIds: [docId], tagIds: ["forced-labour"] });
    bPassage = await code(b, 0);
    cPassage = await code(c, 1, C_NOTE);
    cSecond = await code(c, 2);
    const link = await call(c, "POST", "/links", {
      fromId: cPassage,
      toId: cSecond,
      relation: "corroborates",
      note: C_LINK,
    });
    expect(link.status, link.text).toBe(201);
    const share = await call(b, "POST", `/documents/${docId}/shares`, { includeNotes: true });
    expect(share.status, share.text).toBe(201);
    bShareToken = share.body.token;
  });

  it("answers PATCH and DELETE of another coder's passage exactly as for an absent one", async () => {
    const absent = "ann_01M8HF58G27EZWME4X1DY0YNFJ";
    for (const [method, body] of [
      ["PATCH", { tags: ["torture"], version: 1 }],
      ["DELETE", undefined],
      ["GET", undefined],
    ] as const) {
      const hidden = await call(b, method, `/annotations/${cPassage}`, body);
      const missing = await call(b, method, `/annotations/${absent}`, body);
      expect(hidden.status, `${method} ${hidden.text}`).toBe(404);
      expect(hidden.body).toEqual(missing.body);
    }
    // Nothing was changed or lost: C still has the passage as written.
    const own = await call(c, "GET", `/annotations/${cPassage}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ tags: ["forced-labour"], note: C_NOTE, version: 1 });
  });

  it("lets B still change and delete their own passage", async () => {
    const extra = await code(b, 2);
    const patched = await call(b, "PATCH", `/annotations/${extra}`, { note: "mine", version: 1 });
    expect(patched.status, patched.text).toBe(200);
    expect((await call(b, "DELETE", `/annotations/${extra}`)).status).toBe(204);
  });

  it("hides C's links and refuses links to C's passages as to absent ones", async () => {
    const all = await call(b, "GET", "/links");
    expect(all.status).toBe(200);
    expectNothingOfC(all.text, "GET /links");
    const ofC = await call(b, "GET", `/links?annotationId=${cPassage}`);
    expect(ofC.body.items).toEqual([]);
    const toHidden = await call(b, "POST", "/links", {
      fromId: bPassage,
      toId: cPassage,
      relation: "related",
    });
    const toAbsent = await call(b, "POST", "/links", {
      fromId: bPassage,
      toId: "ann_01M8HF58G27EZWME4X1DY0YNFJ",
      relation: "related",
    });
    expect(toHidden.status).toBe(toAbsent.status);
    expect(toHidden.body.error.code).toBe(toAbsent.body.error.code);
    const cLinks = await call(c, "GET", `/links?annotationId=${cPassage}`);
    const linkId = cLinks.body.items[0].id;
    const removed = await call(b, "DELETE", `/links/${linkId}`);
    expect(removed.status).toBe(404);
    expect((await call(c, "GET", `/links?annotationId=${cPassage}`)).body.items).toHaveLength(1);
  });

  it("keeps C's passages out of lists, findings and every export", async () => {
    const paths = [
      `/documents/${docId}/annotations`,
      "/annotations",
      "/exports/findings.json",
      "/exports/findings.csv",
      "/exports/findings-codes.csv",
      "/exports/findings-matrix.csv",
      "/exports/extracts.csv?layout=long",
      "/exports/extracts.csv?layout=wide",
      "/exports/annotations.jsonld",
      "/exports/report.html",
    ];
    for (const path of paths) {
      const reply = await request(b, "GET", `/workspaces/${ws}${path}`);
      expect(reply.status, `${path} ${reply.text.slice(0, 200)}`).toBe(200);
      expectNothingOfC(reply.text, path);
      expect(reply.text.includes(SENTENCES[1]!), `${path} quotes C's passage`).toBe(false);
    }
    const findings = await call(b, "GET", "/exports/findings.json");
    expect(findings.body.annotationCount).toBe(1);
    expect(findings.body.matrix["forced-labour"][docId]).toBe(1);
    const qdpx = await request(b, "GET", `/workspaces/${ws}/exports/project.qdpx`);
    expect(qdpx.status).toBe(200);
    const project = strFromU8(unzipSync(qdpx.bytes)["project.qde"]!);
    expectNothingOfC(project, "project.qdpx");
  });

  it("counts only B's own passages on the round's documents in the library and the document", async () => {
    const list = await call(b, "GET", "/documents");
    const listed = list.body.items.find((d: { id: string }) => d.id === docId);
    expect(listed).toMatchObject({ annotationCount: 1, tagCounts: { "forced-labour": 1 } });
    const one = await call(b, "GET", `/documents/${docId}`);
    expect(one.body).toMatchObject({ annotationCount: 1, tagCounts: { "forced-labour": 1 } });
    const renamed = await call(b, "PATCH", `/documents/${docId}`, {
      title: "Dormitory",
      version: one.body.version,
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ annotationCount: 1, tagCounts: { "forced-labour": 1 } });
    // The owner, who does not code in the round, sees every passage counted.
    const byOwner = await call(owner, "GET", `/documents/${docId}`);
    expect(byOwner.body.annotationCount).toBe(3);
  });

  it("shows, through a share link B created, only B's passages", async () => {
    const shared = await request(null, "GET", `/shared/${bShareToken}`);
    expect(shared.status, shared.text).toBe(200);
    expectNothingOfC(shared.text, "the shared view");
    expect(JSON.parse(shared.text).annotations).toHaveLength(1);
  });

  it("leaves documents outside the round and users outside it untouched", async () => {
    const outside = await code(c, 1, undefined, otherDocId);
    const seen = await call(b, "GET", `/annotations/${outside}`);
    expect(seen.status).toBe(200);
    const ownerSees = await call(owner, "GET", `/exports/findings.json`);
    expect(ownerSees.body.annotationCount).toBe(4);
  });

  it("answers a code delete or merge by a coder without revealing others' use of the code", async () => {
    // The owner codes in a blind round on the document where C used forced-labour; torture is
    // used by nobody. Both deletes get the same refusal, so the reply tells nothing of C's use.
    const third = await call(owner, "POST", "/rounds", {
      documentIds: [docId],
      coderIds: [owner.user.id, c.user.id],
      tagIds: ["forced-labour"],
      blind: true,
    });
    expect(third.status, third.text).toBe(201);
    const used = await call(owner, "DELETE", "/tags/forced-labour");
    const unused = await call(owner, "DELETE", "/tags/torture");
    expect(used.status, used.text).toBe(403);
    expect(used.body.error.code).toBe("round.blind_open");
    expect(unused.body).toEqual(used.body);
    const removing = await call(owner, "DELETE", "/tags/forced-labour?mode=remove");
    expect(removing.body).toEqual(used.body);
    // B's merge would re-tag (and count) C's hidden passages: refused the same way.
    const merge = await call(b, "POST", "/tags/forced-labour/merge", { into: "torture" });
    expect(merge.status, merge.text).toBe(403);
    expect(merge.body.error.code).toBe("round.blind_open");
    await call(owner, "POST", `/rounds/${third.body.id}/close`);
    // Nothing was changed: both codes are still there and C's passage keeps its code.
    const codes = await call(owner, "GET", "/tags");
    const ids = codes.body.items.map((t: { id: string }) => t.id);
    expect(ids).toEqual(expect.arrayContaining(["forced-labour", "torture"]));
    expect((await call(c, "GET", `/annotations/${cPassage}`)).body.tags).toEqual(["forced-labour"]);
    // Outside a blind round the owner gets the usual answers.
    expect((await call(owner, "DELETE", "/tags/forced-labour")).body.error.code).toBe("tag.in_use");
  });

  it("tells a coder uploading a new version only what happened to their own passages", async () => {
    // Every passage moves by the words put in front; B has one passage, C two.
    const revised = await call(b, "POST", `/documents/${docId}/versions`, {
      text: `Revised report. ${TEXT}`,
    });
    expect(revised.status, revised.text).toBe(201);
    expect(revised.body.annotations).toEqual({ total: 1, unchanged: 0, moved: 1, orphaned: 0 });
    expect(revised.body.document).toMatchObject({
      annotationCount: 1,
      tagCounts: { "forced-labour": 1 },
    });
    expectNothingOfC(revised.text, "POST …/versions");
    // The direct-upload path answers with the document too: its counts are B's as well.
    const upload = await call(b, "POST", `/documents/${docId}/versions/uploads`, {
      fileName: "revised.txt",
      size: 100,
      contentType: "text/plain",
    });
    expect(upload.status, upload.text).toBe(201);
    expect(upload.body.document).toMatchObject({ annotationCount: 1 });
    // C's passages moved as well, unharmed.
    const own = await call(c, "GET", `/annotations/${cPassage}`);
    expect(own.body).toMatchObject({ status: "anchored", exact: SENTENCES[1], textVersion: 2 });
  });

  it("refuses a backup to an owner who codes in an open blind round, and shows all once closed", async () => {
    const second = await call(owner, "POST", "/rounds", {
      documentIds: [otherDocId],
      coderIds: [owner.user.id, c.user.id],
      tagIds: ["forced-labour"],
      blind: true,
    });
    expect(second.status, second.text).toBe(201);
    const refused = await call(owner, "GET", "/backup");
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("round.blind_open");
    await call(owner, "POST", `/rounds/${second.body.id}/close`);
    expect((await request(owner, "GET", `/workspaces/${ws}/backup`)).status).toBe(200);

    // Closing the first round unblinds B: the same routes now carry C's work, so the checks
    // above test something real.
    expect((await call(owner, "POST", `/rounds/${roundId}/close`)).status).toBe(200);
    const report = await request(b, "GET", `/workspaces/${ws}/exports/findings.json`);
    expect(report.text).toContain(cPassage);
    const links = await call(b, "GET", "/links");
    expect(links.text).toContain(C_LINK);
    const shared = await request(null, "GET", `/shared/${bShareToken}`);
    expect(shared.text).toContain(C_NOTE);
  });
});
