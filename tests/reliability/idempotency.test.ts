import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Idempotency from "@gloss/core/idempotency";
import { describe, expect, it } from "vitest";
import { keys } from "../../packages/core/src/db/keys.ts";
import {
  isFinalOutcome,
  requestFingerprint,
} from "../../packages/functions/src/http/idempotency.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";

const TEXT = "Wages were withheld for nine months. Workers slept in the factory.";

async function setup(t: TestApp) {
  const base = `/api/workspaces/${t.workspaceId}`;
  const doc = (await t.call("POST", `${base}/documents`, { title: "Factory", text: TEXT })).body;
  const body = {
    start: 0,
    end: 35,
    exact: "Wages were withheld for nine months",
    tags: ["forced-labour"],
  };
  return { base, doc, body };
}

/** Marks a document as having a version change under way, as the version route does. */
async function setPendingVersion(t: TestApp, documentId: string, version: number | null) {
  await t.ctx.db.send(
    new UpdateCommand({
      TableName: t.ctx.table,
      Key: keys.document(t.workspaceId, documentId),
      UpdateExpression: "SET pendingVersion = :v, pendingSince = :now",
      ExpressionAttributeValues: { ":v": version, ":now": new Date().toISOString() },
    }),
  );
}

describe("Idempotency-Key", () => {
  it("returns the first result for a retried create, and creates nothing twice", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const key = { "idempotency-key": "retry-0001-abcdef" };
    const first = await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key);
    const second = await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const list = await t.call("GET", `${base}/documents/${doc.id}/annotations`);
    expect(list.body.items).toHaveLength(1);
  });

  it("creates exactly one annotation from many concurrent requests with one key", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const key = { "idempotency-key": "concurrent-key-42" };
    const replies = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key),
      ),
    );
    for (const reply of replies) expect([201, 409]).toContain(reply.status);
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const list = await t.call("GET", `${base}/documents/${doc.id}/annotations`);
    expect(list.body.items).toHaveLength(1);
  });

  it("refuses a key reused for a different request (422)", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const key = { "idempotency-key": "reused-key-0001" };
    await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key);
    const other = await t.call(
      "POST",
      `${base}/documents/${doc.id}/annotations`,
      { ...body, note: "different" },
      key,
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency.key_reused");
  });

  it("replays a refused create as the same refusal", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const key = { "idempotency-key": "refused-key-0001" };
    const bad = { ...body, exact: "not the text" };
    const first = await t.call("POST", `${base}/documents/${doc.id}/annotations`, bad, key);
    const again = await t.call("POST", `${base}/documents/${doc.id}/annotations`, bad, key);
    expect(first.status).toBe(422);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(422);
    expect(again.body).toEqual(first.body);
    // The refusal came from the store, not from running the request again.
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("does not replay a conflict: once its cause is gone, the retry with the same key succeeds", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const key = { "idempotency-key": "conflict-key-0001" };
    // A new version being applied refuses new annotations for the moment (409).
    await setPendingVersion(t, doc.id, 2);
    const refused = await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("document.version_in_progress");
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    await setPendingVersion(t, doc.id, null);
    const retried = await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    const again = await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, key);
    expect([again.status, again.body.id]).toEqual([201, retried.body.id]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers a duplicate of a request still running with 409 and a Retry-After header", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const path = `${base}/documents/${doc.id}/annotations`;
    const me = await t.call("GET", "/api/me");
    // The first request holds the key (reserved exactly as the middleware does) and has not ended.
    await Idempotency.reserve(t.ctx, {
      scope: `${me.body.user.id} POST ${path}`,
      key: "running-key-0001",
      requestHash: await requestFingerprint(
        "application/json",
        new TextEncoder().encode(JSON.stringify(body)),
      ),
      prefix: "ann",
    });
    const duplicate = await t.call("POST", path, body, { "idempotency-key": "running-key-0001" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("idempotency.in_progress");
    expect(duplicate.headers.get("retry-after")).toBe("1");
  });

  it("keeps successes and repeatable refusals for replay, never refusals of the moment", () => {
    const kept = [200, 201, 204, 400, 401, 403, 404, 413, 415, 422].filter(isFinalOutcome);
    expect(kept).toEqual([200, 201, 204, 400, 401, 403, 404, 413, 415, 422]);
    expect([408, 409, 423, 425, 429, 500, 502, 503, 504].filter(isFinalOutcome)).toEqual([]);
  });

  it("treats a retried upload of the same file as the same request despite a new boundary", async () => {
    const t = await makeTestApp();
    const base = `/api/workspaces/${t.workspaceId}`;
    const upload = () => {
      const form = new FormData();
      form.set("title", "Field notes");
      form.set("file", new File(["Notes from the visit.\n"], "notes.txt", { type: "text/plain" }));
      return form;
    };
    const key = { "idempotency-key": "upload-key-0001" };
    const first = await t.call("POST", `${base}/documents`, upload(), key);
    const second = await t.call("POST", `${base}/documents`, upload(), key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const other = new FormData();
    other.set("title", "Field notes");
    other.set("file", new File(["Other notes.\n"], "notes.txt", { type: "text/plain" }));
    const changed = await t.call("POST", `${base}/documents`, other, key);
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe("idempotency.key_reused");
  });

  it("covers documents, links, shares and tokens, never storing secrets for replay", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const d1 = await t.call(
      "POST",
      `${base}/documents`,
      { title: "Again", text: "Same text" },
      { "idempotency-key": "doc-key-00001" },
    );
    const d2 = await t.call(
      "POST",
      `${base}/documents`,
      { title: "Again", text: "Same text" },
      { "idempotency-key": "doc-key-00001" },
    );
    expect(d2.body.id).toBe(d1.body.id);
    const a = (await t.call("POST", `${base}/documents/${doc.id}/annotations`, body)).body;
    const b = (
      await t.call("POST", `${base}/documents/${doc.id}/annotations`, {
        ...body,
        start: 37,
        end: 65,
        exact: TEXT.slice(37, 65),
      })
    ).body;
    const linkBody = { fromId: a.id, toId: b.id, relation: "related" };
    const l1 = await t.call("POST", `${base}/links`, linkBody, {
      "idempotency-key": "link-key-0001",
    });
    const l2 = await t.call("POST", `${base}/links`, linkBody, {
      "idempotency-key": "link-key-0001",
    });
    expect([l1.status, l2.status, l2.body.id]).toEqual([201, 201, l1.body.id]);
    const s1 = await t.call(
      "POST",
      `${base}/documents/${doc.id}/shares`,
      {},
      { "idempotency-key": "share-key-0001" },
    );
    const s2 = await t.call(
      "POST",
      `${base}/documents/${doc.id}/shares`,
      {},
      { "idempotency-key": "share-key-0001" },
    );
    expect(s1.body.token).toMatch(/^shr_/);
    expect(s2.body.id).toBe(s1.body.id);
    expect(s2.body.token).toBeUndefined();
    const { ScanCommand } = await import("@aws-sdk/lib-dynamodb");
    const raw = JSON.stringify(
      (await t.ctx.db.send(new ScanCommand({ TableName: t.ctx.table }))).Items,
    );
    expect(raw).not.toContain(s1.body.token);
    expect((await t.call("GET", `${base}/documents/${doc.id}/shares`)).body.items).toHaveLength(1);
  });

  it("rejects a malformed key (400)", async () => {
    const t = await makeTestApp();
    const { base, doc, body } = await setup(t);
    const res = await t.call("POST", `${base}/documents/${doc.id}/annotations`, body, {
      "idempotency-key": "short",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("idempotency.key_invalid");
  });
});
