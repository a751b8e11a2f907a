import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manySourcesProject } from "../exports/refi-fixtures.ts";
import { type GlossProcess, spawnGloss } from "../support/process.ts";
import { waitUntil } from "../support/wait.ts";

const SOURCES = 30;
const CODINGS = 40;

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
async function call(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function allPassages(base: string, ws: string) {
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = await call(base, "GET", `/api/workspaces/${ws}/annotations?limit=200${query}`);
    expect(page.status).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return items;
}

describe("a background REFI-QDA import in the local runtime", () => {
  const processes: GlossProcess[] = [];
  let dataDir = "";
  afterAll(async () => {
    for (const p of processes) p.signal("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("is run by the ingest function from its record, and after a SIGKILL half way resumes to import every coding exactly once", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "gloss-refi-kill-"));
    // A worker silent for 2 s is taken for dead here (two minutes deployed).
    const env = { GLOSS_NO_SAMPLE: "1", GLOSS_LOG: "silent", GLOSS_REFI_STALE_SECONDS: "2" };
    const first = await spawnGloss(dataDir, env);
    processes.push(first);
    const me = await call(first.url, "GET", "/api/me");
    const ws = me.json.workspaces[0].id as string;
    const file = manySourcesProject(SOURCES, CODINGS);
    const started = await call(first.url, "POST", `/api/workspaces/${ws}/imports/uploads`, {
      fileName: "many.qdpx",
      size: file.length,
    });
    expect(started.status).toBe(201);
    const put = await fetch(started.json.upload.url, {
      method: "PUT",
      headers: started.json.upload.headers,
      body: file.slice(),
    });
    expect(put.status).toBe(200);
    const posted = await call(first.url, "POST", `/api/workspaces/${ws}/imports/project.qdpx`, {
      uploadId: started.json.uploadId,
    });
    expect(posted.status).toBe(202);
    const importPath = `/api/workspaces/${ws}/imports/${posted.json.importId}`;

    // Killed once a few sources are in, with the rest to go.
    const progress = await waitUntil(
      async () => (await call(first.url, "GET", importPath)).json.progress,
      (p) => p.done >= 3,
      { what: "three sources imported", everyMs: 25 },
    );
    first.signal("SIGKILL");
    await first.exited();
    expect(progress.done).toBeGreaterThanOrEqual(3);
    expect(progress.done).toBeLessThan(SOURCES);

    const second = await spawnGloss(dataDir, env);
    processes.push(second);
    // Taken for dead once its record is older than the stale time (2 s), however loaded the machine.
    const stalled = await waitUntil(
      () => call(second.url, "GET", importPath),
      (r) => r.json.stalled === true || r.json.status !== "running",
      { what: "the killed import reported stalled", everyMs: 100 },
    );
    expect(stalled.json).toMatchObject({ status: "running", stalled: true });
    const stoppedAt = stalled.json.progress.done;
    expect(stoppedAt).toBeGreaterThanOrEqual(progress.done);

    // Posting the same upload again hands it out again; it resumes from its record.
    const resumed = await call(second.url, "POST", `/api/workspaces/${ws}/imports/project.qdpx`, {
      uploadId: started.json.uploadId,
    });
    expect(resumed.status).toBe(202);
    expect(resumed.json.progress.done).toBe(stoppedAt);
    const summary =
      resumed.json.status === "running"
        ? await waitUntil(
            async () => (await call(second.url, "GET", importPath)).json,
            (json) => json.status !== "running",
            { what: "the resumed import finished", withinMs: 180_000 },
          )
        : resumed.json;
    expect(summary).toMatchObject({
      status: "done",
      progress: { done: SOURCES, total: SOURCES },
      imported: { documents: SOURCES, annotations: SOURCES * CODINGS, codesCreated: 3 },
      skippedTotal: 0,
    });
    expect(summary.stalled).toBeUndefined();

    const documents = (await call(second.url, "GET", `/api/workspaces/${ws}/documents?limit=100`))
      .json.items;
    expect(documents).toHaveLength(SOURCES);
    const passages = await allPassages(second.url, ws);
    expect(passages).toHaveLength(SOURCES * CODINGS);
    const places = new Set(passages.map((p) => `${p.documentId}:${p.start}:${p.end}`));
    expect(places.size).toBe(SOURCES * CODINGS);
    for (const p of passages) {
      expect(p.exact).toMatch(/^Witness \d+ statement \d+: the agent kept passport \d+\.$/);
      expect(p.tags).toHaveLength(1);
    }
    for (const d of documents) expect(d.annotationCount).toBe(CODINGS);
  }, 240_000);
});
