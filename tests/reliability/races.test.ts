import { describe, expect, it } from "vitest";
import { makeTestApp } from "../support/app.ts";
import { captured, jsonLines } from "../support/output.ts";

describe("no lost updates", () => {
  it("lets exactly one of two racing edits win, for annotations, documents and codes", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const text = "Officials were paid to look away.";
    const doc = (await t.call("POST", `${base}/documents`, { title: "Race", text })).body;
    const ann = (
      await t.call("POST", `${base}/documents/${doc.id}/annotations`, {
        start: 0,
        end: 9,
        exact: "Officials",
        tags: ["corruption"],
      })
    ).body;

    const race = async (path: string, bodies: object[]) => {
      const replies = await Promise.all(bodies.map((body) => t.call("PATCH", path, body)));
      return replies.map((r) => r.status).sort();
    };
    expect(
      await race(`${base}/annotations/${ann.id}`, [
        { note: "A", version: 1 },
        { note: "B", version: 1 },
      ]),
    ).toEqual([200, 409]);
    expect(
      await race(`${base}/documents/${doc.id}`, [
        { title: "A", version: 1 },
        { title: "B", version: 1 },
      ]),
    ).toEqual([200, 409]);
    expect(
      await race(`${base}/tags/corruption`, [
        { label: "A", version: 1 },
        { label: "B", version: 1 },
      ]),
    ).toEqual([200, 409]);

    // The loser is told the current state, so it can merge rather than overwrite.
    const stale = await t.call("PATCH", `${base}/annotations/${ann.id}`, { note: "C", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.version).toBe(2);
    expect(["A", "B"]).toContain(stale.body.error.details.current.note);
  });

  it("requires the version on every change (400 without it)", async () => {
    const t = await makeTestApp();
    const res = await t.call("PATCH", `/api/workspaces/${t.workspaceId}/tags/corruption`, {
      label: "Graft",
    });
    expect(res.status).toBe(400);
  });
});

describe("logs", () => {
  it("writes one JSON line per request with its id, and never a token or secret", async () => {
    let share = { token: "" };
    let token = "";
    const lines = await captured(async () => {
      const t = await makeTestApp();
      const base = `/api/workspaces/${t.workspaceId}`;
      const doc = (
        await t.call("POST", `${base}/documents`, { title: "Logged", text: "Some text." })
      ).body;
      share = (await t.call("POST", `${base}/documents/${doc.id}/shares`, {})).body;
      token = (await t.call("POST", "/api/tokens", { name: "script" })).body.token;
      await t.call("GET", `/api/shared/${share.token}`);
      await t.call("GET", "/api/me", undefined, { authorization: `Bearer ${token}` });
      await t.call("GET", "/api/me", undefined, { authorization: "Bearer gls_wrong" });
    });
    const requests = jsonLines(lines).filter((l) => l.message === "request");
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const entry of requests) {
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry.status).toEqual(expect.any(Number));
    }
    const all = lines.join("\n");
    expect(all).not.toContain(share.token);
    expect(all).not.toContain(token);
    expect(all).not.toContain("gls_wrong");
    expect(all).not.toMatch(/authorization/i);
  });
});
