import { describe, expect, it } from "vitest";
import { download, exportPath, parseCsv } from "../exports/support.ts";
import { makeTestApp } from "../support/app.ts";
import { makeAuthApp, makeUser } from "../support/auth.ts";
import {
  annotate,
  documentPath,
  expectStatus,
  makeDocument,
  REPORT_TEXT,
} from "../support/data.ts";

/** A CSV cell as stored: the writer's formula guard (a leading ') taken off. */
const unguarded = (cell: string) => (/^'[=+\-@\t\r＝＋－＠]/.test(cell) ? cell.slice(1) : cell);

const TEXT = `${REPORT_TEXT}\n\n=SUM(A1) was typed into the ledger, and 🙂 next to it.`;

describe("verifiable citations", () => {
  it("verifies every row of a CSV export by its text hash, and refuses a quote altered by one character", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t, { text: TEXT });
    await annotate(t, doc.id, "monthly wage of 450 dollars", { tags: ["deceptive-recruitment"] });
    await annotate(t, doc.id, "=SUM(A1) was typed", { tags: ["forced-labour", "torture"] });
    await annotate(t, doc.id, "🙂 next to it");
    // A passage on version 1 that version 2 moves: rows cite the version the offsets refer to.
    expectStatus(
      await t.call("POST", `${documentPath(t, doc.id)}/versions`, { text: `Preface.\n\n${TEXT}` }),
      201,
    );
    const csv = await download(t, exportPath(t, "extracts.csv"));
    const rows = parseCsv(csv.text);
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row.text_sha256).toMatch(/^[0-9a-f]{64}$/);
      // Version 1 was pasted and kept as pasted.txt; version 2 is text only, without an original.
      expect(row.source_sha256).toMatch(row.text_version === "1" ? /^[0-9a-f]{64}$/ : /^$/);
      const claim = {
        documentId: row.document_id,
        text_sha256: row.text_sha256,
        start: Number(row.start),
        end: Number(row.end),
        exact: unguarded(row.quote!),
      };
      const ok = await t.call("POST", "/api/verify", claim);
      expectStatus(ok, 200);
      expect(ok.body).toMatchObject({
        verified: true,
        reason: "match",
        textSha256: row.text_sha256,
        textVersion: Number(row.text_version),
      });
      const last = claim.exact.at(-1) === "x" ? "y" : "x";
      const altered = await t.call("POST", "/api/verify", {
        ...claim,
        exact: claim.exact.slice(0, -1) + last,
      });
      expect(altered.body).toMatchObject({ verified: false, reason: "quote_differs" });
    }
  });

  it("checks by version number too, and says when the hash or version is wrong", async () => {
    const t = await makeTestApp();
    const doc = await makeDocument(t);
    const a = await annotate(t, doc.id, "monthly wage of 450 dollars");
    const base = { documentId: doc.id, start: a.start, end: a.end, exact: a.exact };
    expect((await t.call("POST", "/api/verify", { ...base, textVersion: 1 })).body.verified).toBe(
      true,
    );
    const unknown = await t.call("POST", "/api/verify", { ...base, text_sha256: "0".repeat(64) });
    expect(unknown.body).toMatchObject({ verified: false, reason: "hash_unknown" });
    const beyond = await t.call("POST", "/api/verify", { ...base, textVersion: 9 });
    expect(beyond.body).toMatchObject({ verified: false, reason: "out_of_range" });
    const shifted = await t.call("POST", "/api/verify", {
      ...base,
      textVersion: 1,
      start: a.start + 1,
      end: a.end + 1,
    });
    expect(shifted.body.verified).toBe(false);
    const bad = await t.call("POST", "/api/verify", {
      documentId: doc.id,
      start: 0,
      end: 1,
      exact: "x",
    });
    expect(bad.status).toBe(400);
  });

  it("answers outsiders 404 as for no document, and verifies through the document's share link", async () => {
    const { ctx, app } = await makeAuthApp();
    const owner = await makeUser(ctx, "owner@example.org");
    const stranger = await makeUser(ctx, "stranger@example.org");
    const call = async (
      body: unknown,
      headers: Record<string, string> = {},
      path = "/api/verify",
    ) => {
      const res = await app.request(`http://gloss.test${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const base = `http://gloss.test/api/workspaces/${owner.workspaceId}`;
    const created = await app.request(`${base}/documents`, {
      method: "POST",
      headers: { "content-type": "application/json", ...owner.auth },
      body: JSON.stringify({ title: "Report", text: "The guards beat the prisoners at night." }),
    });
    const doc = await created.json();
    const claim = { documentId: doc.id, textVersion: 1, start: 4, end: 10, exact: "guards" };
    expect((await call(claim, owner.auth)).body.verified).toBe(true);
    // Not a member: the same 404 whether the quote is right or wrong, so nothing can be probed.
    const right = await call(claim, stranger.auth);
    const wrong = await call({ ...claim, exact: "guardz" }, stranger.auth);
    expect([right.status, wrong.status]).toEqual([404, 404]);
    expect(right.body).toEqual(wrong.body);
    expect((await call(claim)).status).toBe(401);

    const share = await (
      await app.request(`${base}/documents/${doc.id}/shares`, {
        method: "POST",
        headers: { "content-type": "application/json", ...owner.auth },
        body: "{}",
      })
    ).json();
    const viaShare = (body: unknown) => call(body, {}, `/api/shared/${share.token}/verify`);
    const shared = await viaShare(claim);
    expect(shared).toMatchObject({ status: 200, body: { verified: true } });
    // The shared view shows the same verification for its passages.
    const annotated = await app.request(`${base}/documents/${doc.id}/annotations`, {
      method: "POST",
      headers: { "content-type": "application/json", ...owner.auth },
      body: JSON.stringify({ start: 4, end: 10, exact: "guards", tags: ["torture"] }),
    });
    expect(annotated.status).toBe(201);
    const view = await (await app.request(`http://gloss.test/api/shared/${share.token}`)).json();
    expect(view.document.textSha256).toBe(shared.body.textSha256);
    expect(view.annotations.map((a: { verified: boolean }) => a.verified)).toEqual([true]);
    // A share link verifies its own document only.
    const other = await viaShare({ ...claim, documentId: "doc_other" });
    expect(other.status).toBe(404);
  });
});
