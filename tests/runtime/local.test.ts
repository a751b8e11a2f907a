import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GlossProcess, spawnGloss } from "../support/process.ts";

const SAMPLE_TITLE = "Below deck: wage debts and confinement on long-haul fishing vessels";

const started: GlossProcess[] = [];

/** `npm start`'s entry on a free port with its data under `dataDir`, sample included. */
async function startGloss(dataDir: string) {
  const gloss = await spawnGloss(dataDir, { GLOSS_NO_SAMPLE: undefined, HOST: undefined });
  started.push(gloss);
  return { ...gloss, base: gloss.url.replace("localhost", "127.0.0.1") };
}

/** Presses Ctrl-C: SIGINT to the process group; resolves with the exit code. */
async function pressCtrlC(gloss: GlossProcess): Promise<number | null> {
  gloss.signal("SIGINT");
  return gloss.exited(10_000);
}

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
async function http(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : null };
}

describe("the local runtime (npm start)", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "gloss-local-"));
  });

  afterEach(() => {
    for (const gloss of started.splice(0)) gloss.signal("SIGKILL");
  });

  afterAll(async () => {
    for (const gloss of started.splice(0)) gloss.signal("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the API with the sample document, then stops cleanly on Ctrl-C", async () => {
    const gloss = await startGloss(join(dataDir, "first-run"));

    const health = await http(gloss.base, "GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: "ok" });

    const me = await http(gloss.base, "GET", "/api/me");
    const ws = me.json.workspaces[0].id as string;
    const documents = await http(gloss.base, "GET", `/api/workspaces/${ws}/documents`);
    expect(documents.status).toBe(200);
    expect(documents.json.items.map((d: { title: string }) => d.title)).toEqual([SAMPLE_TITLE]);
    const sample = documents.json.items[0];
    const annotations = await http(
      gloss.base,
      "GET",
      `/api/workspaces/${ws}/documents/${sample.id}/annotations`,
    );
    expect(annotations.json.items.length).toBeGreaterThan(0);
    const tags = await http(gloss.base, "GET", `/api/workspaces/${ws}/tags`);
    expect(tags.json.items.map((t: { id: string }) => t.id)).toContain("forced-labour");

    const docs = await fetch(`${gloss.base}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);

    // The shared reader's page is never cached, indexed or leaked by Referer, and runs no
    // script but the reader's own.
    const shared = await fetch(`${gloss.base}/s/shr_anything`);
    expect(shared.headers.get("cache-control")).toBe("no-store");
    expect(shared.headers.get("referrer-policy")).toBe("no-referrer");
    expect(shared.headers.get("x-robots-tag")).toContain("noindex");
    expect(shared.headers.get("content-security-policy")).toContain("script-src 'self'");

    expect(await pressCtrlC(gloss)).toBe(0);
  }, 60_000);

  it("keeps a document and its annotation across a restart, without seeding the sample twice", async () => {
    const folder = join(dataDir, "restart");
    const first = await startGloss(folder);
    const ws = (await http(first.base, "GET", "/api/me")).json.workspaces[0].id as string;
    const text = "The agent kept our passports.\n\nWe worked to pay a debt that kept growing.";
    const created = await http(first.base, "POST", `/api/workspaces/${ws}/documents`, {
      title: "Interview 7",
      text,
    });
    expect(created.status).toBe(201);
    const docId = created.json.id as string;
    const quote = "kept our passports";
    const start = text.indexOf(quote);
    const annotated = await http(
      first.base,
      "POST",
      `/api/workspaces/${ws}/documents/${docId}/annotations`,
      { start, end: start + quote.length, exact: quote, tags: ["forced-labour"] },
    );
    expect(annotated.status).toBe(201);
    const annId = annotated.json.id as string;
    const patched = await http(first.base, "PATCH", `/api/workspaces/${ws}/annotations/${annId}`, {
      note: "Document retention.",
      version: 1,
    });
    expect(patched.status).toBe(200);
    const tagCount = (await http(first.base, "GET", `/api/workspaces/${ws}/tags`)).json.items
      .length;

    expect(await pressCtrlC(first)).toBe(0);

    const second = await startGloss(folder);
    const me = await http(second.base, "GET", "/api/me");
    expect(me.json.workspaces.map((w: { id: string }) => w.id)).toEqual([ws]);
    const documents = await http(second.base, "GET", `/api/workspaces/${ws}/documents`);
    expect(documents.json.items.map((d: { title: string }) => d.title).sort()).toEqual(
      [SAMPLE_TITLE, "Interview 7"].sort(),
    );
    const docText = await fetch(`${second.base}/api/workspaces/${ws}/documents/${docId}/text`);
    expect(await docText.text()).toBe(text);
    const annotation = await http(second.base, "GET", `/api/workspaces/${ws}/annotations/${annId}`);
    expect(annotation.status).toBe(200);
    expect(annotation.json).toEqual(patched.json);
    const tags = await http(second.base, "GET", `/api/workspaces/${ws}/tags`);
    expect(tags.json.items).toHaveLength(tagCount);

    expect(await pressCtrlC(second)).toBe(0);
  }, 90_000);
});
