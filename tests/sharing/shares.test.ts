import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";

const TEXT = [
  "Recruiters promised work in a hotel. On arrival, passports were taken.",
  "Workers who refused were beaten by guards.",
  "Local officials accepted payments to ignore the compound.",
].join("\n\n");

async function annotatedDocument(t: TestApp) {
  const base = `/api/workspaces/${t.workspaceId}`;
  const doc = (await t.call("POST", `${base}/documents`, { title: "Compound report", text: TEXT }))
    .body;
  const annotate = (exact: string, tags: string[], note: string) => {
    const start = TEXT.indexOf(exact);
    return t.call("POST", `${base}/documents/${doc.id}/annotations`, {
      start,
      end: start + exact.length,
      exact,
      tags,
      note,
    });
  };
  await annotate("passports were taken", ["forced-labour"], "Document retention");
  await annotate("beaten by guards", ["torture"], "Private: witness 7");
  await annotate("accepted payments", ["corruption"], "");
  return { base, doc };
}

const SHARED_HEADERS = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex, nofollow",
};

describe("share links", () => {
  it("opens exactly the shared view: text, annotations, display names, no emails", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const created = await t.call("POST", `${base}/documents/${doc.id}/shares`, {
      label: "For the Geneva briefing",
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^shr_[A-Za-z0-9_-]{43}$/);
    expect(created.body.url).toBe(`/s/${created.body.token}`);

    const view = await t.call("GET", `/api/shared/${created.body.token}`);
    expect(view.status).toBe(200);
    expect(view.body.document.title).toBe("Compound report");
    expect(view.body.text).toBe(TEXT);
    expect(view.body.annotations.map((a: { exact: string }) => a.exact)).toEqual([
      "passports were taken",
      "beaten by guards",
      "accepted payments",
    ]);
    expect(view.body.annotations[0]).toMatchObject({
      note: "Document retention",
      author: "Local owner",
    });
    expect(view.body.share).toMatchObject({
      label: "For the Geneva briefing",
      sharedBy: "Local owner",
      expiresAt: null,
    });
    expect(view.body.codes.map((c: { id: string }) => c.id).sort()).toEqual([
      "corruption",
      "forced-labour",
      "torture",
    ]);
    expect(view.text).not.toMatch(/@/);
    for (const [name, value] of Object.entries(SHARED_HEADERS))
      expect(view.headers.get(name)).toBe(value);
    expect(view.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("limits the view to chosen codes and strips notes when asked", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const share = (
      await t.call("POST", `${base}/documents/${doc.id}/shares`, {
        tags: ["forced-labour", "corruption"],
        includeNotes: false,
      })
    ).body;
    const view = (await t.call("GET", `/api/shared/${share.token}`)).body;
    expect(view.annotations.map((a: { tags: string[] }) => a.tags)).toEqual([
      ["forced-labour"],
      ["corruption"],
    ]);
    expect(view.annotations.every((a: { note: unknown }) => a.note === null)).toBe(true);
    expect(JSON.stringify(view)).not.toContain("witness 7");
    expect(view.codes.map((c: { id: string }) => c.id).sort()).toEqual([
      "corruption",
      "forced-labour",
    ]);
  });

  it("lists a document's links with views, and stops a revoked link at once (404)", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const share = (await t.call("POST", `${base}/documents/${doc.id}/shares`, {})).body;
    await t.call("GET", `/api/shared/${share.token}`);
    await t.call("GET", `/api/shared/${share.token}`);
    const listed = (await t.call("GET", `${base}/documents/${doc.id}/shares`)).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: share.id, views: 2, lastViewedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(share.token);
    const all = (await t.call("GET", `${base}/shares`)).body.items;
    expect(all.map((s: { id: string }) => s.id)).toEqual([share.id]);

    expect((await t.call("DELETE", `${base}/shares/${share.id}`)).status).toBe(204);
    const after = await t.call("GET", `/api/shared/${share.token}`);
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe("share.not_found");
  });

  it("expires a link by the server's clock, with the same 404 as an unknown one", async () => {
    let now = new Date("2026-05-01T12:00:00Z");
    const t = await makeTestApp({ now: () => now });
    const { base, doc } = await annotatedDocument(t);
    const share = (await t.call("POST", `${base}/documents/${doc.id}/shares`, { expiresInDays: 7 }))
      .body;
    expect(share.expiresAt).toBe("2026-05-08T12:00:00.000Z");
    expect((await t.call("GET", `/api/shared/${share.token}`)).status).toBe(200);
    now = new Date("2026-05-08T12:00:01Z");
    const expired = await t.call("GET", `/api/shared/${share.token}`);
    const unknown = await t.call("GET", `/api/shared/shr_${"x".repeat(43)}`);
    const malformed = await t.call("GET", "/api/shared/nonsense");
    for (const reply of [expired, unknown, malformed]) {
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual(expired.body);
    }
    const past = await t.call("POST", `${base}/documents/${doc.id}/shares`, {
      expiresAt: "2026-01-01T00:00:00Z",
    });
    expect(past.status).toBe(422);
  });

  it("answers 404 once the document is deleted", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const share = (await t.call("POST", `${base}/documents/${doc.id}/shares`, {})).body;
    await t.call("DELETE", `${base}/documents/${doc.id}`);
    expect((await t.call("GET", `/api/shared/${share.token}`)).status).toBe(404);
  });

  it("gives the token no other power: it is not a credential anywhere else", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const share = (await t.call("POST", `${base}/documents/${doc.id}/shares`, {})).body;
    const bearer = { authorization: `Bearer ${share.token}` };
    expect((await t.call("GET", `${base}/documents`, undefined, bearer)).status).toBe(401);
    expect(
      (await t.call("POST", `${base}/documents/${doc.id}/annotations`, {}, bearer)).status,
    ).toBe(401);
    expect((await t.call("GET", `/api/shared/${share.token}/text`)).status).toBe(404);
  });

  it("never stores the token itself, only its SHA-256", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const share = (await t.call("POST", `${base}/documents/${doc.id}/shares`, {})).body;
    const raw = JSON.stringify(
      (await t.ctx.db.send(new ScanCommand({ TableName: t.ctx.table }))).Items,
    );
    expect(raw).not.toContain(share.token);
    expect(raw).not.toContain(share.token.slice(4));
  });

  it("refuses unknown codes and conflicting expiry options", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const unknown = await t.call("POST", `${base}/documents/${doc.id}/shares`, {
      tags: ["no-such-code"],
    });
    expect(unknown.status).toBe(422);
    const both = await t.call("POST", `${base}/documents/${doc.id}/shares`, {
      expiresInDays: 1,
      expiresAt: "2030-01-01T00:00:00Z",
    });
    expect(both.status).toBe(400);
  });
});

describe("links in a shared view", () => {
  it("includes links between shared passages of the document, and no others", async () => {
    const t = await makeTestApp();
    const { base, doc } = await annotatedDocument(t);
    const items = (await t.call("GET", `${base}/documents/${doc.id}/annotations`)).body.items;
    const [passports, beaten, payments] = items;
    const other = (
      await t.call("POST", `${base}/documents`, {
        title: "Elsewhere",
        text: "Guards beat workers.",
      })
    ).body;
    const outside = (
      await t.call("POST", `${base}/documents/${other.id}/annotations`, {
        start: 0,
        end: 11,
        exact: "Guards beat",
        tags: ["torture"],
      })
    ).body;
    await t.call("POST", `${base}/links`, {
      fromId: passports.id,
      toId: payments.id,
      relation: "related",
      note: "private",
    });
    await t.call("POST", `${base}/links`, {
      fromId: beaten.id,
      toId: outside.id,
      relation: "corroborates",
    });
    await t.call("POST", `${base}/links`, {
      fromId: passports.id,
      toId: beaten.id,
      relation: "same-incident",
    });

    const all = (
      await t.call(
        "GET",
        `/api/shared/${(await t.call("POST", `${base}/documents/${doc.id}/shares`, {})).body.token}`,
      )
    ).body;
    expect(all.links.map((l: { relation: string }) => l.relation).sort()).toEqual([
      "related",
      "same-incident",
    ]);
    expect(JSON.stringify(all)).not.toContain(outside.id);

    const limited = (
      await t.call(
        "GET",
        `/api/shared/${(await t.call("POST", `${base}/documents/${doc.id}/shares`, { tags: ["forced-labour", "corruption"], includeNotes: false })).body.token}`,
      )
    ).body;
    expect(limited.links).toEqual([
      { fromId: passports.id, toId: payments.id, relation: "related", note: "" },
    ]);
  });
});
