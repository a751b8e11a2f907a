import * as Workspace from "@gloss/core/workspace";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAuthApp, makeUser, ORIGIN } from "../support/auth.ts";

type Env = Awaited<ReturnType<typeof makeAuthApp>>;
type Member = Awaited<ReturnType<typeof makeUser>>;

const SENTENCES = [
  "Workers said their passports were taken on arrival.",
  "= The broker charged a fee of 450 dollars.",
  "Guards locked the dormitory at night.",
];
const TEXT = SENTENCES.join(" ");
const HOSTILE = '<img src=x onerror="alert(1)"> قانون';

describe("the round's agreement report (CSV and printable HTML)", () => {
  let env: Env;
  let owner: Member;
  let b: Member;
  let c: Member;
  let ws: string;
  let roundId: string;

  async function request(who: Member, path: string) {
    const response = await env.app.request(`${ORIGIN}/api/workspaces/${ws}${path}`, {
      headers: who.auth,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  async function post(who: Member, path: string, body?: unknown) {
    const response = await env.app.request(`${ORIGIN}/api/workspaces/${ws}${path}`, {
      method: "POST",
      headers: { ...who.auth, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json() };
  }
  async function code(who: Member, sentence: number, tag: string) {
    const exact = SENTENCES[sentence]!;
    const start = TEXT.indexOf(exact);
    const docs = await request(owner, "/documents");
    const docId = JSON.parse(docs.text).items[0].id;
    const reply = await post(who, `/documents/${docId}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags: [tag],
    });
    expect(reply.status).toBe(201);
  }

  beforeAll(async () => {
    env = await makeAuthApp();
    owner = await makeUser(env.ctx, "owner@example.org");
    b = await makeUser(env.ctx, "b@example.org");
    c = await makeUser(env.ctx, "c@example.org");
    ws = owner.workspaceId;
    await Workspace.addMember(env.ctx, ws, b.user, "editor");
    await Workspace.addMember(env.ctx, ws, c.user, "editor");
    const doc = await post(owner, "/documents", { title: HOSTILE, text: TEXT });
    const tag = await post(owner, "/tags", { id: "hostile", label: HOSTILE });
    expect(tag.status).toBe(201);
    const round = await post(owner, "/rounds", {
      documentIds: [doc.body.id],
      coderIds: [b.user.id, c.user.id],
      tagIds: ["forced-labour", "hostile"],
      blind: true,
    });
    roundId = round.body.id;
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
