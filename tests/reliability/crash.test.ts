import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type GlossProcess, spawnGloss } from "../support/process.ts";

/** Enough creates in flight that a kill lands among hundreds of them; small enough to be quick. */
const COUNT = 200;
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

/**
 * Runs `task` for 0..count-1 with at most `width` in flight, each slot taking the next index as
 * soon as it is free: one request waiting out a lease holds up only its own slot, not a batch.
 */
async function pooled<T>(count: number, width: number, task: (i: number) => Promise<T>) {
  const results: T[] = new Array(count);
  let next = 0;
  const slot = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, slot));
  return results;
}

describe("crash recovery", () => {
  const processes: GlossProcess[] = [];
  let dataDir = "";
  afterAll(async () => {
    for (const p of processes) p.signal("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`keeps exactly ${COUNT} annotations after a SIGKILL in the middle of ${COUNT} concurrent creates and a full retry, and every highlight on its words after a SIGKILL during new versions`, async () => {
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
    // Retry everything with the same keys, 25 at a time, waiting out in-flight leases (a put
    // cut off by the kill is only completed by another writer after history's 30 s lease).
    // Until a deadline well past the lease, not a number of attempts (slow ones under load).
    const retryUntil = Date.now() + 120_000;
    const retried = await pooled(COUNT, 25, async (i) => {
      for (;;) {
        const r = await post(second.url, path, bodyOf(i), `crash-ann-${i}`);
        if (r.status !== 409 || Date.now() > retryUntil) return r.status;
        await new Promise((resolve) => setTimeout(resolve, r.retryAfter * 1000));
      }
    });
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

    // A SIGKILL during new versions: two documents' changes in flight, at different progress.
    const other = await post(
      second.url,
      `/api/workspaces/${ws}/documents`,
      { title: "Testimonies, copy", text: TEXT },
      "crash-doc-0002",
    );
    expect(other.status).toBe(201);
    const otherPath = `/api/workspaces/${ws}/documents/${other.json.id}/annotations`;
    const seeded = await pooled(COUNT, 25, (i) =>
      post(second.url, otherPath, bodyOf(i), `crash-other-${i}`),
    );
    expect(seeded.every((r) => r.status === 201)).toBe(true);
    const revised = `Editor's note: names were changed.\n\n${TEXT.replace("Witness 007", "Witness 7")}`;
    const changes = [doc.json.id as string, other.json.id as string].map((id, k) =>
      new Promise((resolve) => setTimeout(resolve, k * 400)).then(() =>
        post(
          second.url,
          `/api/workspaces/${ws}/documents/${id}/versions`,
          { text: revised },
          `v-${id}`,
        )
          .then((r) => r.status)
          .catch(() => 0),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 900));
    second.signal("SIGKILL");
    await second.exited();
    await Promise.all(changes);

    const third = await spawnGloss(dataDir, env);
    processes.push(third);
    for (const id of [doc.json.id as string, other.json.id as string]) {
      const base = `${third.url}/api/workspaces/${ws}/documents/${id}`;
      const served = await (await fetch(base)).json();
      const text = await (await fetch(`${base}/text`)).text();
      expect(text).toBe(served.textVersion === 1 ? TEXT : revised);
      const annotations: Array<{
        start: number;
        end: number;
        exact: string;
        status: string;
        textVersion: number;
      }> = [];
      let next: string | null = null;
      do {
        const page = await (
          await fetch(`${base}/annotations?limit=500${next ? `&cursor=${next}` : ""}`)
        ).json();
        annotations.push(...page.items);
        next = page.nextCursor;
      } while (next);
      expect(annotations).toHaveLength(COUNT);
      // Every highlight the reader would paint is on its own words of the served version.
      for (const a of annotations.filter((x) => x.status === "anchored")) {
        expect(a.textVersion).toBe(served.textVersion);
        expect(text.slice(a.start, a.end)).toBe(a.exact);
      }
    }
    third.signal("SIGINT");
    expect(await third.exited()).toBe(0);
  }, 180_000);
});
