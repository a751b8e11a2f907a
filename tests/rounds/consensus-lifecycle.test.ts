import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../exports/support.ts";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "The broker charged a fee of 450 dollars 😀.",
  "Guards locked the dormitory at night.",
];
const TEXT = SENTENCES.join(" ");
const INSERTED = "A paragraph added before everything else, about the recruiter.\n\n";

/**
 * A consensus passage follows its document like a coder's passage: deleted with it (no orphan
 * left in the consensus layer), and re-anchored onto each new text version — on the right words,
 * or orphaned with its stored quote when they are gone, never on other words.
 */
describe("consensus passages over their document's lifecycle", () => {
  let team: RoundTeam;
  let owner: Member;
  let b: Member;
  let c: Member;
  let ws: string;

  const call = (...args: Parameters<RoundTeam["call"]>) => team.call(...args);
  const csv = async (path: string) => {
    const reply = await team.request(owner, "GET", `/workspaces/${ws}${path}`);
    expect(reply.status, reply.text.slice(0, 200)).toBe(200);
    return parseCsv(reply.text);
  };
  async function resolve(roundId: string, body: unknown) {
    const reply = await call(owner, "POST", `/rounds/${roundId}/consensus`, body);
    expect(reply.status, reply.text).toBe(201);
    return reply.body.id as string;
  }
  async function write(roundId: string, documentId: string, text: string, exact: string) {
    const start = text.indexOf(exact);
    return resolve(roundId, {
      kind: "write",
      documentId,
      start,
      end: start + exact.length,
      exact,
      tags: ["forced-labour"],
    });
  }
  const consensusOf = async (roundId: string) =>
    (await call(owner, "GET", `/rounds/${roundId}/consensus`)).body.items as Array<{
      id: string;
      documentId: string;
      start: number;
      end: number;
      exact: string;
      textVersion: number;
    }>;

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b, c, ws } = team);
  });

  it("deletes a document's consensus passages with it, and keeps the other documents'", async () => {
    const gone = await team.document("Deleted", TEXT);
    const kept = await team.document("Kept", TEXT);
    const round = await team.openRound({
      documentIds: [gone, kept],
      tagIds: ["forced-labour"],
      blind: false,
    });
    const coded = await team.code(b, gone, TEXT, SENTENCES[1]!);
    const other = await team.code(c, kept, TEXT, SENTENCES[0]!);
    const adopted = await resolve(round, { kind: "adopt", annotationId: coded });
    const written = await write(round, gone, TEXT, "Guards");
    const survivor = await resolve(round, { kind: "adopt", annotationId: other });
    const before = await call(owner, "GET", "/exports/findings.json?layer=consensus");
    expect(before.body.matrix["forced-labour"]).toEqual({ [gone]: 2, [kept]: 1 });

    const deleted = await call(owner, "DELETE", `/documents/${gone}`);
    expect(deleted.status, deleted.text).toBe(204);

    expect((await consensusOf(round)).map((p) => p.id)).toEqual([survivor]);
    const after = await call(owner, "GET", "/exports/findings.json?layer=consensus");
    expect(after.status, after.text).toBe(200);
    expect(after.body.matrix["forced-labour"]).toEqual({ [kept]: 1 });
    expect(after.text).not.toContain(adopted);
    expect(after.text).not.toContain(written);
    const rows = await csv("/exports/extracts.csv?layer=consensus");
    expect(rows.map((r) => r.annotation_id)).toEqual([survivor]);
    const jsonld = await team.request(
      owner,
      "GET",
      `/workspaces/${ws}/exports/annotations.jsonld?layer=consensus`,
    );
    expect(jsonld.text).toContain(survivor);
    expect(jsonld.text).not.toContain(adopted);
    // The deletes are recorded, caused by the document's delete.
    const history = await call(owner, "GET", `/history?entity=consensus:${adopted}`);
    expect(history.status, history.text).toBe(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "delete",
    ]);
    expect(history.text).toContain(`document.delete:${gone}`);
  });

  it("moves consensus passages with a version that inserts before them, and orphans one whose words go", async () => {
    const doc = await team.document("Revised", TEXT);
    const round = await team.openRound({
      documentIds: [doc],
      tagIds: ["forced-labour"],
      blind: false,
    });
    const coded = await team.code(b, doc, TEXT, SENTENCES[1]!);
    const adopted = await resolve(round, { kind: "adopt", annotationId: coded });
    const guards = await write(round, doc, TEXT, "Guards locked");

    const v2 = `${INSERTED}${TEXT}`;
    const second = await call(owner, "POST", `/documents/${doc}/versions`, { text: v2 });
    expect(second.status, second.text).toBe(201);
    const moved = new Map((await consensusOf(round)).map((p) => [p.id, p]));
    expect(moved.get(adopted)).toMatchObject({
      start: v2.indexOf(SENTENCES[1]!),
      end: v2.indexOf(SENTENCES[1]!) + SENTENCES[1]!.length,
      exact: SENTENCES[1],
      textVersion: 2,
    });
    expect(moved.get(guards)).toMatchObject({
      start: v2.indexOf("Guards locked"),
      exact: "Guards locked",
      textVersion: 2,
    });
    const placed = await csv(`/exports/extracts.csv?documentId=${doc}&layer=consensus`);
    expect(placed.map((r) => [r.annotation_id, r.status, r.quote, Number(r.start)])).toEqual([
      [adopted, "anchored", SENTENCES[1], v2.indexOf(SENTENCES[1]!)],
      [guards, "anchored", "Guards locked", v2.indexOf("Guards locked")],
    ]);

    // The third version drops the last sentence: its consensus passage has no words left.
    const v3 = `${INSERTED}${SENTENCES[0]} ${SENTENCES[1]}`;
    const third = await call(owner, "POST", `/documents/${doc}/versions`, { text: v3 });
    expect(third.status, third.text).toBe(201);
    const after = new Map((await consensusOf(round)).map((p) => [p.id, p]));
    expect(after.get(adopted)).toMatchObject({ exact: SENTENCES[1], textVersion: 3 });
    // Kept where it was on version 2, with its quote: never painted on version 3's words.
    expect(after.get(guards)).toMatchObject({
      start: v2.indexOf("Guards locked"),
      exact: "Guards locked",
      textVersion: 2,
    });
    const rows = new Map(
      (await csv(`/exports/extracts.csv?documentId=${doc}&layer=consensus`)).map((r) => [
        r.annotation_id,
        r,
      ]),
    );
    expect(rows.get(adopted)).toMatchObject({ status: "anchored", quote: SENTENCES[1] });
    expect(rows.get(guards)).toMatchObject({ status: "orphaned", quote: "Guards locked" });

    // What the reader's deep link (`#ann=cns_…`) reads: the passage and where it stands.
    const shown = await call(owner, "GET", `/consensus/${adopted}`);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body).toMatchObject({
      status: "anchored",
      passage: { id: adopted, textVersion: 3 },
    });
    const lost = await call(owner, "GET", `/consensus/${guards}`);
    expect(lost.body).toMatchObject({ status: "orphaned", passage: { exact: "Guards locked" } });
    expect((await call(owner, "GET", "/consensus/cns_nothing")).status).toBe(404);
    // A coder of an open blind round on the document learns nothing of it.
    await team.openRound({ documentIds: [doc], tagIds: ["forced-labour"], blind: true });
    expect((await call(b, "GET", `/consensus/${adopted}`)).status).toBe(404);
    expect((await call(owner, "GET", `/consensus/${adopted}`)).status).toBe(200);
  });
});
