import { beforeAll, describe, expect, it } from "vitest";
import { type Member, makeRoundTeam, type RoundTeam } from "../support/rounds.ts";

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "= The broker charged a fee of 450 dollars.",
  "Guards locked the dormitory at night.",
];
const TEXT = SENTENCES.join(" ");
const HOSTILE = '<img src=x onerror="alert(1)"> قانون';

describe("the round's agreement report (CSV and printable HTML)", () => {
  let team: RoundTeam;
  let owner: Member;
  let b: Member;
  let c: Member;
  let docId: string;
  let roundId: string;

  const request = (who: Member, path: string) =>
    team.request(who, "GET", `/workspaces/${team.ws}${path}`);
  const post = (who: Member, path: string, body?: unknown) => team.call(who, "POST", path, body);
  const code = (who: Member, sentence: number, tag: string) =>
    team.code(who, docId, TEXT, SENTENCES[sentence]!, [tag]);

  beforeAll(async () => {
    team = await makeRoundTeam();
    ({ owner, b, c } = team);
    docId = await team.document(HOSTILE, TEXT);
    const tag = await post(owner, "/tags", { id: "hostile", label: HOSTILE });
    expect(tag.status).toBe(201);
    roundId = await team.openRound({
      documentIds: [docId],
      tagIds: ["forced-labour", "hostile"],
    });
    await code(b, 0, "forced-labour");
    await code(b, 1, "forced-labour");
    await code(c, 0, "forced-labour");
    await code(c, 2, "hostile");
  });

  it("is closed to coders while the blind round is open", async () => {
    for (const format of ["csv", "html"]) {
      const reply = await request(b, `/rounds/${roundId}/report.${format}`);
      expect(reply.status).toBe(403);
    }
  });

  it("writes a record per code × (all coders, each pair) with the close date", async () => {
    const closed = await post(owner, `/rounds/${roundId}/close`);
    const reply = await request(b, `/rounds/${roundId}/report.csv?unit=sentence`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/csv");
    const lines = reply.text.split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^round_id,closed_at,unit,overlap,code,/);
    // forced-labour, hostile and the pooled row, each with an "all" and one pair record.
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines[1]).toContain(closed.body.closedAt);
    expect(lines[1]).toContain(",sentence,0.5,forced-labour,");
  });

  it("prints user text as text, never as HTML, with dir=auto", async () => {
    const reply = await request(owner, `/rounds/${roundId}/report.html`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(reply.text).not.toContain("<img");
    expect(reply.text).toContain(
      '<span dir="auto">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; قانون</span>',
    );
    expect(reply.text).toContain("Closed</dt><dd>20");
    expect(reply.text).toContain("αu (characters)");
  });
});
