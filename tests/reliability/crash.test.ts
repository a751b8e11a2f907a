import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type GlossProcess, spawnGloss } from "../support/process.ts";

const COUNT = 500;
const SENTENCE = (i: number) => `Witness ${String(i).padStart(3, "0")} described the compound.`;
const TEXT = Array.from({ length: COUNT }, (_, i) => SENTENCE(i)).join("\n\n");

function bodyOf(i: number) {
  const exact = SENTENCE(i);
  const start = TEXT.indexOf(exact);
  return { start, end: start + exact.length, exact, tags: ["arbitrary-detention"], note: `n${i}` };
}

async function post(url: string, path: string, body: unknown, key: string) {
  const res = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: Number(res.headers.get("retry-after") ?? 1),
    json: await res.json().catch(() => null),
  };
}

describe("crash recovery", () => {
  const processes: GlossProcess[] = [];
  let dataDir = "";
  afterAll(async () => {
    for (const p of processes) p.signal("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`keeps exactly ${COUNT} annotations after a SIGKILL in the middle of ${COUNT} concurrent creates and a full retry`, async () => {
    dataDir = await mkdtemp(join(tmpdir(), "gloss-crash-"));
    const env = { GLOSS_NO_SAMPLE: "1", GLOSS_LOG: "silent" };
    const first = await spawnGloss(dataDir, env);
    processes.push(first);
    const me = await (await fetch(`${first.url}/api/me`)).json();
    const ws = me.workspaces[0].id as string;
    const doc = await post(
      first.url,
      `/api/workspaces/${ws}/documents`,
      { title: "Testimonies", text: TEXT },
      "crash-doc-0001",
    );
    expect(doc.status).toBe(201);
    const path = `/api/workspaces/${ws}/documents/${doc.json.id}/annotations`;

    // All at once; kill the server once a fifth have answered, with the rest in flight.
    let answered = 0;
    const inFlight = Array.from({ length: COUNT }, (_, i) =>
      post(first.url, path, bodyOf(i), `crash-ann-${i}`)
        .then((r) => {
          answered++;
          if (answered === COUNT / 5) first.signal("SIGKILL");
          return r.status;
        })
        .catch(() => 0),
    );
    const outcomes = await Promise.all(inFlight);
    await first.exited();
    const lost = outcomes.filter((s) => s !== 201).length;
    expect(lost).toBeGreaterThan(0); // the crash really interrupted work

    const second = await spawnGloss(dataDir, env);
    processes.push(second);
    // Retry everything with the same keys, a few at a time, waiting out in-flight leases.
    const retried: number[] = [];
    for (let i = 0; i < COUNT; i += 25) {
      const batch = Array.from({ length: Math.min(25, COUNT - i) }, async (_, j) => {
        for (let attempt = 0; attempt < 30; attempt++) {
          const r = await post(second.url, path, bodyOf(i + j), `crash-ann-${i + j}`);
          if (r.status !== 409) return r.status;
          await new Promise((resolve) => setTimeout(resolve, r.retryAfter * 1000));
        }
        return 409;
      });
      retried.push(...(await Promise.all(batch)));
    }
    expect(retried.filter((s) => s !== 201)).toEqual([]);

    const items: Array<{ id: string; start: number; end: number; exact: string; note: string }> =
      [];
    let cursor: string | null = null;
    do {
      const page = await (
        await fetch(`${second.url}${path}?limit=500${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(items).toHaveLength(COUNT);
    expect(new Set(items.map((a) => a.id)).size).toBe(COUNT);
    expect(new Set(items.map((a) => a.note)).size).toBe(COUNT);
    for (const a of items) expect(TEXT.slice(a.start, a.end)).toBe(a.exact);
    const document = await (
      await fetch(`${second.url}/api/workspaces/${ws}/documents/${doc.json.id}`)
    ).json();
    expect(document.annotationCount).toBeGreaterThanOrEqual(COUNT - COUNT); // display counter, may lag a crash
    second.signal("SIGINT");
    expect(await second.exited()).toBe(0);
  }, 180_000);
});
