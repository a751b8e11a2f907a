import * as Refi from "@gloss/core/refi";
import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectStatus, readAllPages } from "../support/data.ts";
import { importPath, manySourcesProject } from "./refi-fixtures.ts";

/** Uploads a project through the presigned path and posts its import (answered 202). */
async function startImport(t: TestApp, file: Uint8Array) {
  const started = await t.call("POST", importPath(t, "uploads"), {
    fileName: "p.qdpx",
    size: file.length,
  });
  expectStatus(started, 201);
  const put = await fetch(started.body.upload.url, {
    method: "PUT",
    headers: started.body.upload.headers,
    body: Buffer.from(file),
  });
  expect(put.status).toBe(200);
  const reply = await t.call("POST", importPath(t, "project.qdpx"), {
    uploadId: started.body.uploadId,
  });
  expectStatus(reply, 202);
  return { uploadId: started.body.uploadId as string, importId: reply.body.importId as string };
}

async function passages(t: TestApp) {
  return (await readAllPages(t, `/api/workspaces/${t.workspaceId}/annotations`, 100)).items;
}

describe("a background REFI-QDA import's worker", () => {
  it("is one worker at a time: a second delivery of the job finds it held or finished", async () => {
    const t = await makeTestApp();
    const { importId } = await startImport(t, manySourcesProject(4, 5));
    const outcomes = await Promise.all([
      Refi.runJob(t.ctx, t.workspaceId, importId),
      Refi.runJob(t.ctx, t.workspaceId, importId),
    ]);
    expect(outcomes.sort()).toEqual(
      outcomes.includes("busy") ? ["busy", "done"] : ["done", "not_running"],
    );
    const summary = (await t.call("GET", importPath(t, importId))).body;
    expect(summary).toMatchObject({ status: "done", imported: { documents: 4, annotations: 20 } });
    expect(await passages(t)).toHaveLength(20);
  });

  it("hands itself on when its time runs out, writing a source per run at least, each passage once", async () => {
    const t = await makeTestApp();
    const { importId } = await startImport(t, manySourcesProject(3, 4));
    // A deadline already passed: one source, then the job object is written again for the next run.
    expect(await Refi.runJob(t.ctx, t.workspaceId, importId, { deadline: 0 })).toBe("continued");
    const partway = (await t.call("GET", importPath(t, importId))).body;
    expect(partway).toMatchObject({ status: "running", progress: { done: 1, total: 3 } });
    expect(partway.stalled).toBeUndefined();
    expect(await passages(t)).toHaveLength(4);
    expect(await Refi.runJob(t.ctx, t.workspaceId, importId, { deadline: 0 })).toBe("continued");
    expect(await Refi.runJob(t.ctx, t.workspaceId, importId)).toBe("done");
    const done = (await t.call("GET", importPath(t, importId))).body;
    expect(done).toMatchObject({
      status: "done",
      progress: { done: 3, total: 3 },
      imported: { documents: 3, annotations: 12, codesCreated: 3, codesMerged: 0 },
    });
    const all = await passages(t);
    expect(all).toHaveLength(12);
    expect(new Set(all.map((p: { id: string }) => p.id)).size).toBe(12);
  });

  it("is left to its live worker when the same upload is posted again", async () => {
    const t = await makeTestApp();
    const file = manySourcesProject(2, 2);
    const { importId } = await startImport(t, file);
    const again = await startImport(t, file);
    expect(again.importId).toBe(importId);
    expect(await Refi.runJob(t.ctx, t.workspaceId, importId)).toBe("done");
    expect(await passages(t)).toHaveLength(4);
  });
});
