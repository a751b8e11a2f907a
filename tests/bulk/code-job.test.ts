import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Search from "@gloss/core/search";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentPath, expectStatus, makeDocument, readAllPages } from "../support/data.ts";

// A large "code all hits" runs in the background as a durable job. The threshold is lowered so
// that 60 hits make a job; the job is driven here as the ingest function drives it.

const SENTENCES = Array.from(
  { length: 20 },
  (_, i) => `Broker ${i} kept the passport of witness ${i}.`,
);
const TEXT = SENTENCES.join("\n\n");

beforeAll(() => {
  process.env.GLOSS_CODE_INLINE_PASSAGES = "5";
});
afterAll(() => {
  delete process.env.GLOSS_CODE_INLINE_PASSAGES;
});

/** A clock tests can move forward, to make a worker fall silent. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

async function corpus(t: TestApp) {
  const docs = [];
  for (let d = 0; d < 3; d++)
    docs.push(await makeDocument(t, { title: `Report ${d}`, text: TEXT }));
  return docs;
}

async function passages(t: TestApp) {
  return (await readAllPages(t, `/api/workspaces/${t.workspaceId}/annotations`, 500))
    .items as Array<{ id: string; documentId: string; start: number; end: number; tags: string[] }>;
}

async function createEntries(t: TestApp) {
  const entries = (await readAllPages(t, `/api/workspaces/${t.workspaceId}/history`, 500))
    .items as Array<{ action: string; entityId: string; status: string }>;
  return entries.filter((e) => e.action === "create");
}

/** Every hit coded exactly once, with one applied create entry each and exact counts. */
async function expectEachHitOnce(t: TestApp, docs: Array<{ id: string }>) {
  const all = await passages(t);
  expect(all).toHaveLength(60);
  expect(new Set(all.map((p) => `${p.documentId}:${p.start}:${p.end}`)).size).toBe(60);
  expect(all.every((p) => p.tags.join() === "trafficking")).toBe(true);
  const entries = await createEntries(t);
  expect(entries).toHaveLength(60);
  expect(entries.every((e) => e.status === "applied")).toBe(true);
  for (const doc of docs) {
    const body = (await t.call("GET", documentPath(t, doc.id))).body;
    expect(body).toMatchObject({ annotationCount: 20, tagCounts: { trafficking: 20 } });
  }
}

const codeAll = { q: "passport", tags: ["trafficking"], hits: "all" };

describe("coding all hits of a large search in the background", () => {
  it("runs as a job with progress, and after a crash in the middle the retry codes each hit once", async () => {
    const t = await makeTestApp();
    const docs = await corpus(t);
    const path = `/api/workspaces/${t.workspaceId}/search/code`;
    const started = await t.call("POST", path, codeAll);
    expectStatus(started, 202);
    expect(started.body).toMatchObject({
      status: "running",
      progress: { done: 0, total: 60 },
      hits: 60,
      passages: 60,
    });
    const { jobId } = started.body;
    const poll = () => t.call("GET", `${path}/${jobId}`);
    expectStatus(await poll(), 200);

    // The worker crashes after recording the second chunk's entries, before writing its passages.
    await expect(
      Search.runCodeJob(t.ctx, t.workspaceId, jobId, {
        hooks: {
          afterEntries: (chunk) => {
            if (chunk === 1) throw new Error("crash in the middle");
          },
        },
      }),
    ).rejects.toThrow("crash in the middle");
    expect((await passages(t)).length).toBeLessThan(60);
    expect((await poll()).body).toMatchObject({ status: "running", progress: { done: 0 } });
    // The client posts again meanwhile: the same job, not a second one.
    const again = await t.call("POST", path, codeAll);
    expectStatus(again, 202);
    expect(again.body.jobId).toBe(jobId);

    // The retry (Lambda's, or the next delivery) completes it.
    expect(await Search.runCodeJob(t.ctx, t.workspaceId, jobId)).toBe("done");
    expect((await poll()).body).toMatchObject({
      status: "done",
      progress: { done: 60, total: 60 },
      created: 60,
      skipped: 0,
      failedTotal: 0,
    });
    await expectEachHitOnce(t, docs);
    // A second delivery of the job, and a re-run of the request, write nothing.
    expect(await Search.runCodeJob(t.ctx, t.workspaceId, jobId)).toBe("not_running");
    const rerun = await t.call("POST", path, codeAll);
    expectStatus(rerun, 200);
    expect(rerun.body).toMatchObject({ hits: 60, created: 0, skipped: 60 });
    await expectEachHitOnce(t, docs);
  });

  it("says stalled when its worker falls silent, and posting again resumes it", async () => {
    const clock = movableClock();
    const t = await makeTestApp({ now: clock.now });
    const docs = await corpus(t);
    const path = `/api/workspaces/${t.workspaceId}/search/code`;
    const { jobId } = (await t.call("POST", path, codeAll)).body;
    // A worker that claimed the job and died without a word (a frozen or killed process).
    await t.ctx.db.send(
      new UpdateCommand({
        TableName: t.ctx.table,
        Key: { pk: `WS#${t.workspaceId}`, sk: `CODEJOB#${jobId}` },
        UpdateExpression: "SET #owner = :dead, heartbeatAt = :now",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":dead": "dead-worker", ":now": clock.now().getTime() },
      }),
    );
    expect(await Search.runCodeJob(t.ctx, t.workspaceId, jobId)).toBe("busy");
    clock.advance(3 * 60_000);
    expect((await t.call("GET", `${path}/${jobId}`)).body).toMatchObject({
      status: "running",
      stalled: true,
    });
    const resumed = await t.call("POST", path, codeAll);
    expectStatus(resumed, 202);
    expect(resumed.body.jobId).toBe(jobId);
    expect(resumed.body.stalled).toBeUndefined();
    expect(await Search.runCodeJob(t.ctx, t.workspaceId, jobId)).toBe("done");
    expect((await t.call("GET", `${path}/${jobId}`)).body).toMatchObject({
      status: "done",
      created: 60,
    });
    await expectEachHitOnce(t, docs);
  });

  it("answers 404 for an unknown job and 400 for a malformed id", async () => {
    const t = await makeTestApp();
    const path = `/api/workspaces/${t.workspaceId}/search/code`;
    const unknown = await t.call("GET", `${path}/${"0".repeat(64)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("search.code_job_not_found");
    expect((await t.call("GET", `${path}/nope`)).status).toBe(400);
  });
});
