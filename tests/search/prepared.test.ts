import { handleS3Event } from "@gloss/core/ingest";
import * as Search from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import { encodeEventKey } from "@gloss/local";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentPath, expectStatus, makeDocument } from "../support/data.ts";

const TEXT =
  "İstanbul: the brokers confiscated 😀 every passport.\n\nÉmigrés were\nheld   at the e\u0301cole.";

/** The notification S3 sends the ingest function when an object is stored. */
function created(bucket: string, key: string) {
  return {
    Records: [
      {
        eventName: "ObjectCreated:Put",
        s3: { bucket: { name: bucket }, object: { key: encodeEventKey(key), size: 1 } },
      },
    ],
  };
}

const textKey = (t: TestApp, docId: string, version: number) =>
  Storage.objectKeys.text(t.workspaceId, docId, version);

describe("the search preparation stored beside the canonical text", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeTestApp();
  });

  const search = (q: string, flags = "") =>
    t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=${encodeURIComponent(q)}${flags}`);

  it("round-trips folded text, origins and words through its bytes and refuses another text's", () => {
    const prepared = Search.buildPrepared(TEXT);
    const folded = Search.fold(TEXT, { caseSensitive: false });
    const back = Search.decodePrepared(Search.encodePrepared(prepared), TEXT.length);
    expect(back?.text).toBe(folded.text);
    expect([...Search.expandOrigin(back!.runs)]).toEqual([...folded.origin]);
    expect([...back!.words.starts]).toEqual([...prepared.words.starts]);
    expect([...back!.words.ends]).toEqual([...prepared.words.ends]);
    expect([...back!.words.paragraphMarks]).toEqual([...prepared.words.paragraphMarks]);
    const bytes = Search.encodePrepared(prepared);
    expect(Search.decodePrepared(bytes, TEXT.length + 1)).toBeNull();
    expect(Search.decodePrepared(bytes.subarray(0, bytes.length - 4), TEXT.length)).toBeNull();
    expect(Search.decodePrepared(new TextEncoder().encode("hello"), TEXT.length)).toBeNull();
  });

  it("maps every folded span to the same canonical span as the full origin map", () => {
    const folded = Search.fold(TEXT, { caseSensitive: false });
    const runs = Search.compressOrigin(folded.origin);
    expect(runs.folded.length).toBeLessThan(folded.text.length / 3);
    for (let from = 0; from < folded.text.length; from++) {
      for (let to = from + 1; to <= folded.text.length; to++) {
        expect(Search.runsSpan(runs, from, to)).toEqual(Search.originSpan(folded, from, to));
      }
    }
  });

  it("is written by ingest when a new document's text is stored, once per version", async () => {
    const doc = await makeDocument(t, { title: "Ingested", text: TEXT });
    const key = Search.preparedKey(t.workspaceId, doc.id, 1);
    const [first] = await handleS3Event(t.ctx, created(t.ctx.bucket, textKey(t, doc.id, 1)));
    expect(first).toMatchObject({ outcome: "search_prepared", written: true });
    const canonical = await Storage.getText(t.ctx, textKey(t, doc.id, 1));
    const stored = Search.decodePrepared(await Storage.getBytes(t.ctx, key), canonical.length);
    expect(stored?.text).toBe(Search.fold(canonical, { caseSensitive: false }).text);
    // A second delivery of the same event finds it and does not redo the work.
    const [again] = await handleS3Event(t.ctx, created(t.ctx.bucket, textKey(t, doc.id, 1)));
    expect(again).toMatchObject({ outcome: "search_prepared", written: false });
    // The preparation's own creation event is not a text: nothing to do.
    const [own] = await handleS3Event(t.ctx, created(t.ctx.bucket, key));
    expect(own?.outcome).toBe("skipped");
  });

  it("is written for every new text version under that version's key", async () => {
    const doc = await makeDocument(t, { title: "Versioned", text: "The first text." });
    const revised = "The revised text names Myawaddy's compounds.";
    expectStatus(
      await t.call("POST", `${documentPath(t, doc.id)}/versions`, { text: revised }),
      201,
    );
    const [outcome] = await handleS3Event(t.ctx, created(t.ctx.bucket, textKey(t, doc.id, 2)));
    expect(outcome).toMatchObject({ outcome: "search_prepared", written: true });
    const stored = await Search.readPrepared(
      t.ctx,
      Search.preparedKey(t.workspaceId, doc.id, 2),
      revised.length,
    );
    expect(stored?.text).toBe(Search.fold(revised, { caseSensitive: false }).text);
  });

  it("gives a cold whole-word search its words without segmenting or writing anything", async () => {
    const text = "Workers said the recruiter took every passport. The passport office was shut.";
    const doc = await makeDocument(t, { title: "Words", text });
    await handleS3Event(t.ctx, created(t.ctx.bucket, textKey(t, doc.id, 1)));
    const key = Search.preparedKey(t.workspaceId, doc.id, 1);
    // Drop the second "passport" from the stored words: a search that segmented the text itself
    // would still find it as a whole word; one that reads the stored words cannot.
    const prepared = Search.buildPrepared(text);
    const second = text.lastIndexOf("passport");
    const keep = [...prepared.words.starts.keys()].filter(
      (i) => prepared.words.starts[i] !== second,
    );
    const doctored: Search.PreparedText = {
      ...prepared,
      words: {
        starts: Int32Array.from(keep.map((i) => prepared.words.starts[i]!)),
        ends: Int32Array.from(keep.map((i) => prepared.words.ends[i]!)),
        paragraphMarks: prepared.words.paragraphMarks,
      },
    };
    const bytes = Search.encodePrepared(doctored);
    await Storage.putObject(t.ctx, key, bytes, "application/octet-stream");
    Search.shardCache.clear();
    const words = await search("passport", `&word=true&documentId=${doc.id}`);
    expectStatus(words, 200);
    expect(words.body.items.map((h: { start: number }) => h.start)).toEqual([
      text.indexOf("passport"),
    ]);
    const loose = await search("passport", `&documentId=${doc.id}`);
    expect(loose.body.total).toBe(2);
    await Search.settlePreparedWrites();
    expect(Buffer.from(await Storage.getBytes(t.ctx, key)).equals(Buffer.from(bytes))).toBe(true);
    Search.shardCache.clear();
  });

  it("is rebuilt by the search when missing or stale, with the same hits", async () => {
    const doc = await makeDocument(t, { title: "Repaired", text: TEXT });
    const key = Search.preparedKey(t.workspaceId, doc.id, 1);
    // A stale object: the preparation of another text.
    await Storage.putObject(
      t.ctx,
      key,
      Search.encodePrepared(Search.buildPrepared("another text entirely")),
      "application/octet-stream",
    );
    Search.shardCache.clear();
    const reply = await search("emigres", `&documentId=${doc.id}`);
    expectStatus(reply, 200);
    expect(reply.body.items.map((h: { exact: string }) => h.exact)).toEqual(["Émigrés"]);
    const ecole = await search("ecole", `&word=true&documentId=${doc.id}`);
    expect(ecole.body.items.map((h: { exact: string }) => h.exact)).toEqual(["\u00e9cole"]);
    await Search.settlePreparedWrites();
    const canonical = await Storage.getText(t.ctx, textKey(t, doc.id, 1));
    const rebuilt = Search.decodePrepared(await Storage.getBytes(t.ctx, key), canonical.length);
    expect(rebuilt?.text).toBe(Search.fold(canonical, { caseSensitive: false }).text);
    // A case-sensitive search folds the canonical text itself.
    const cased = await search("Émigrés", `&case=true&documentId=${doc.id}`);
    expect(cased.body.total).toBe(1);
    Search.shardCache.clear();
  });
});
