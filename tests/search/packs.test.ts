import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Document from "@gloss/core/document";
import * as Search from "@gloss/core/search";
import * as Storage from "@gloss/core/storage";
import { describe, expect, it } from "vitest";
import { keys } from "../../packages/core/src/db/keys.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { documentPath, expectStatus, makeDocument, objectKeys } from "../support/data.ts";

/**
 * Latin with diacritics (composed and decomposed) and letters that stay above 127 once folded
 * (ß, æ, ø, þ: the one-byte form's upper half), Arabic with harakat and clitics, Thai, emoji
 * (surrogate pairs) and Greek: both text forms of the compact layout, every origin run kind.
 */
const TEXTS = [
  "Émigrés were held at the e\u0301cole; the brokers confiscated every passport.\n\nMyawaddy's camp: Straße, Ærø and þorn, façade naïve.",
  "وَالجَيْشُ صادر جوازات السفر. الجيش والجيش\n\nقال العامل: صادَرَ الوسيط الجوازَ. Passport صادر",
  "แรงงานถูกยึดหนังสือเดินทางที่ชายแดน passport ของพวกเขา\n\nนายหน้าเก็บหนังสือเดินทาง",
  "😀 The passport was confiscated 😀 by the broker.\n\nΣοφία and ΣΟΦΊΑ paid the   debt.",
  "L'armée a confisqué les papiers jusqu'au bout.\n\nThe passport office; passports were\nconfiscated.",
  "İstanbul: workers' passports. Ǆemal's papers\n\nwere returned; the broker's fee was unpaid.",
  "A plain report: the recruiter took every passport and every wage.",
  "Des réfugiés à la frontière; la police a confisqué leurs passeports.",
  "No hit here at all, only fishing crews and unpaid salary.",
];

const QUERIES: Array<[string, string]> = [
  ["passport", ""],
  ['"passport was confiscated"', ""],
  ["passp*", "&word=true"],
  ["armée", "&word=true"],
  ["جيش", "&word=true"],
  ["หนังสือเดินทาง", ""],
  ["strasse", ""],
  ["straße", ""],
  ["ærø", ""],
  ["emigres", ""],
  ["ecole", "&word=true"],
  ["myawaddy", "&word=true"],
  ["σοφια", ""],
  ["passport NEAR/5 confiscat*", ""],
  ["Passport", "&case=true"],
  ["ΣΟΦΊΑ", "&case=true"],
  ["istanbul", ""],
];

/** Packs of four documents: nine documents make two packs and leave one out. */
const SMALL = { maxDocuments: 4 };

async function corpus(): Promise<{ t: TestApp; ids: string[] }> {
  const t = await makeTestApp();
  const ids: string[] = [];
  for (const [i, text] of TEXTS.entries()) {
    ids.push((await makeDocument(t, { title: `Report ${i + 1}`, text })).id);
  }
  return { t, ids };
}

/** Every query's hits through the API, from a cold shard cache (then cached, for the rest). */
async function results(t: TestApp): Promise<unknown[]> {
  Search.shardCache.clear();
  const all: unknown[] = [];
  for (const [q, flags] of QUERIES) {
    const reply = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=${encodeURIComponent(q)}${flags}&limit=500`,
    );
    expectStatus(reply, 200);
    all.push({
      q,
      flags,
      total: reply.body.total,
      hits: reply.body.items.map((h: { documentId: string; start: number; end: number }) => [
        h.documentId,
        h.start,
        h.end,
      ]),
    });
  }
  await Search.settlePreparedWrites();
  return all;
}

const packsOf = (t: TestApp) => objectKeys(t.ctx, Storage.objectKeys.searchPacks(t.workspaceId));
const pointers = async (t: TestApp) =>
  new Map(
    (await Document.listForSearch(t.ctx, t.workspaceId)).map((l) => [l.document.id, l.searchPack]),
  );
const preparedKeyOf = (t: TestApp, id: string, version = 1) =>
  Search.preparedKey(t.workspaceId, id, version);

async function exists(t: TestApp, key: string): Promise<boolean> {
  return (await Storage.sizeOf(t.ctx, key)) !== null;
}

/** Removes a document's pointer, as if no run had ever packed it. */
async function unpoint(t: TestApp, id: string): Promise<void> {
  await t.ctx.db.send(
    new UpdateCommand({
      TableName: t.ctx.table,
      Key: keys.document(t.workspaceId, id),
      UpdateExpression: "REMOVE searchPack",
    }),
  );
}

describe("the compact layout of a pack's entries", () => {
  it("round-trips text, origins and words in either text form", () => {
    for (const text of TEXTS) {
      const prepared = Search.buildPrepared(text);
      const back = Search.decodeCompact(Search.encodeCompact(prepared), text.length);
      expect(back?.text).toBe(prepared.text);
      expect([...back!.runs.folded]).toEqual([...prepared.runs.folded]);
      expect([...back!.runs.canonical]).toEqual([...prepared.runs.canonical]);
      expect([...back!.words.starts]).toEqual([...prepared.words.starts]);
      expect([...back!.words.ends]).toEqual([...prepared.words.ends]);
      expect([...back!.words.paragraphMarks]).toEqual([...prepared.words.paragraphMarks]);
      // Without the canonical text no case-sensitive folding is stored; with it, it is the one
      // cased.ts derives.
      expect(back!.cased?.()).toBeNull();
      const cased = Search.casedText(text, prepared);
      const withCase = Search.decodeCompact(Search.encodeCompact(prepared, cased), text.length);
      expect(withCase?.cased?.()).toBe(cased);
      expect(withCase?.text).toBe(prepared.text);
    }
    // Latin folds to one byte a unit; Arabic takes two.
    const latin = Search.encodeCompact(Search.buildPrepared(TEXTS[0]!));
    const arabic = Search.encodeCompact(Search.buildPrepared(TEXTS[1]!));
    expect(latin[28]).toBe(0);
    expect(arabic[28]).toBe(1);
  });

  it("refuses another text's bytes and segments again when its words do not decode", () => {
    const prepared = Search.buildPrepared(TEXTS[0]!);
    const bytes = Search.encodeCompact(prepared);
    expect(Search.decodeCompact(bytes, TEXTS[0]!.length + 1)).toBeNull();
    expect(Search.decodeCompact(bytes.subarray(0, bytes.length - 1), TEXTS[0]!.length)).toBeNull();
    // A word byte turned into an escape with nothing after it: the words come from the text.
    const broken = bytes.slice();
    broken[broken.length - 1] = 0xc0;
    const back = Search.decodeCompact(broken, TEXTS[0]!.length);
    expect([...back!.words.starts]).toEqual([...prepared.words.starts]);
    expect([...back!.words.ends]).toEqual([...prepared.words.ends]);
  });

  it("gives a pack's entry only for the version and length it holds", () => {
    const members = TEXTS.slice(0, 3).map((text, i) => ({
      member: { id: `doc_${i}`, version: 2, length: text.length },
      prepared: Search.buildPrepared(text),
    }));
    const { name, bytes } = Search.encodePack(members);
    expect(Search.encodePack(members).name).toBe(name);
    const pack = Search.decodePack(bytes)!;
    expect(pack.entry(members[1]!.member)?.text).toBe(members[1]!.prepared.text);
    expect(pack.entry({ ...members[1]!.member, version: 1 })).toBeNull();
    expect(pack.entry({ ...members[1]!.member, length: 3 })).toBeNull();
    expect(pack.entry({ id: "doc_9", version: 2, length: 3 })).toBeNull();
    expect(Search.decodePack(bytes.subarray(0, bytes.length - 10))).toBeNull();
    expect(Search.decodePack(new TextEncoder().encode("GLSK1\nnot a pack"))).toBeNull();
  });
});

describe("search packs", () => {
  it("give the same hits as the per-version objects, and spare their reads", async () => {
    const { t, ids } = await corpus();
    const before = await results(t);
    const run = await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    expect(run).toMatchObject({ packsWritten: 2, documentsPacked: 8, documentsLeft: 1 });
    expect(await packsOf(t)).toHaveLength(2);
    const pointed = await pointers(t);
    const packed = ids.filter((id) => pointed.get(id));
    expect(packed).toHaveLength(8);
    // Without their own objects, the packed documents can only be read from their packs: a shard
    // that read (and, missing, rebuilt) the per-version objects would write them back.
    await Storage.deleteObjects(
      t.ctx,
      packed.map((id) => preparedKeyOf(t, id)),
    );
    expect(await results(t)).toEqual(before);
    for (const id of packed) expect(await exists(t, preparedKeyOf(t, id))).toBe(false);
    const left = ids.find((id) => !pointed.get(id))!;
    expect(await exists(t, preparedKeyOf(t, left))).toBe(true);
  });

  it("ignores a pack for a version its document no longer has", async () => {
    const { t, ids } = await corpus();
    await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    const id = ids[0]!;
    const old = (await pointers(t)).get(id)!;
    // Of the same length, so only the version tells the old entry from the new text.
    const revised = TEXTS[0]!.replace("passport", "visa doc");
    expectStatus(await t.call("POST", `${documentPath(t, id)}/versions`, { text: revised }), 201);
    const after = await results(t);
    // Even a pointer claiming the new version leads only to the old version's entry: refused.
    await Document.setSearchPack(t.ctx, t.workspaceId, id, { ...old, version: 2 });
    expect(await results(t)).toEqual(after);
    const visa = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=visa&documentId=${id}`,
    );
    expect(visa.body.total).toBe(1);
    const passport = await t.call(
      "GET",
      `/api/workspaces/${t.workspaceId}/search?q=passport&documentId=${id}`,
    );
    expect(passport.body.total).toBe(0);
  });

  it("ignores a truncated pack, another workspace's and one of other documents", async () => {
    const { t, ids } = await corpus();
    const before = await results(t);
    await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    const [first, second] = await packsOf(t);
    const bytes = await Storage.getBytes(t.ctx, first!);
    await Storage.putObject(
      t.ctx,
      first!,
      bytes.subarray(0, bytes.length >> 1),
      "application/octet-stream",
    );
    // A pack of other documents under the second pack's key.
    const foreign = Search.encodePack([
      {
        member: { id: "doc_other", version: 1, length: 5 },
        prepared: Search.buildPrepared("other"),
      },
    ]);
    await Storage.putObject(t.ctx, second!, foreign.bytes, "application/octet-stream");
    expect(await results(t)).toEqual(before);
    // A pointer into another workspace's packs, to a pack that would give this document wrong
    // words: never read.
    const id = ids[6]!;
    const text = TEXTS[6]!;
    const doctored = Search.encodePack([
      {
        member: { id, version: 1, length: text.length },
        prepared: Search.buildPrepared("x".repeat(text.length)),
      },
    ]);
    const elsewhere = Search.packKey("ws_another", doctored.name);
    await Storage.putObject(t.ctx, elsewhere, doctored.bytes, "application/octet-stream");
    await Document.setSearchPack(t.ctx, t.workspaceId, id, {
      key: elsewhere,
      version: 1,
      documents: 1,
    });
    expect(await results(t)).toEqual(before);
  });

  it("stays exact when a run stopped half-way, and the next run completes it", async () => {
    const { t, ids } = await corpus();
    const before = await results(t);
    // What a run killed after writing the first pack and pointing two of its four documents
    // at it leaves behind.
    const listed = await Document.listForSearch(t.ctx, t.workspaceId);
    const group = Search.groupsOf(listed, 4)[0]!;
    const entries = await Search.packEntriesOf(
      t.ctx,
      t.workspaceId,
      group.map(({ document }) => ({ id: document.id, version: 1, length: document.textLength })),
    );
    const pack = Search.encodePack(entries);
    const key = Search.packKey(t.workspaceId, pack.name);
    await Storage.putObject(t.ctx, key, pack.bytes, "application/octet-stream");
    for (const { member } of entries.slice(0, 2)) {
      await Document.setSearchPack(t.ctx, t.workspaceId, member.id, {
        key,
        version: 1,
        documents: 4,
      });
    }
    expect(await results(t)).toEqual(before);
    // And a partial object where the next pack will be, every document of it pointing there.
    const second = Search.groupsOf(listed, 4)[1]!;
    const partialKey = Search.packKey(
      t.workspaceId,
      pack.name.replace(/[0-9a-f]{8}\.bin$/, "00000000.bin"),
    );
    await Storage.putObject(
      t.ctx,
      partialKey,
      pack.bytes.subarray(0, 100),
      "application/octet-stream",
    );
    for (const { document } of second) {
      await Document.setSearchPack(t.ctx, t.workspaceId, document.id, {
        key: partialKey,
        version: 1,
        documents: 9,
      });
    }
    expect(await results(t)).toEqual(before);
    const run = await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    expect(run).toMatchObject({ packsWritten: 2, documentsPacked: 8, documentsLeft: 1 });
    const pointed = await pointers(t);
    // The same four documents give the same pack: the half-pointed one is now whole.
    for (const { member } of entries) expect(pointed.get(member.id)?.key).toBe(key);
    expect(ids.filter((id) => pointed.get(id)?.key === key)).toHaveLength(4);
    expect(await results(t)).toEqual(before);
  });

  it("gives a first case-sensitive search its letters in case without reading the canonical text", async () => {
    const { t, ids } = await corpus();
    const listed = await Document.listForSearch(t.ctx, t.workspaceId);
    const group = Search.groupsOf(listed, 4)[1]!;
    const id = ids[6]!;
    expect(group.map((l) => l.document.id)).toContain(id);
    // A pack whose stored case-sensitive folding of one document says "PASSPORT" where its text
    // says "passport": a search that put the letters in case from the canonical text finds none.
    const entries = await Promise.all(
      group.map(async ({ document }) => {
        const member = { id: document.id, version: 1, length: document.textLength };
        const text = TEXTS[ids.indexOf(document.id)]!;
        const prepared = Search.buildPrepared(text);
        const cased = Search.casedText(text, prepared);
        return {
          member,
          prepared,
          cased: id === document.id ? cased!.replace("passport", "PASSPORT") : cased,
        };
      }),
    );
    const pack = Search.encodePack(entries);
    const key = Search.packKey(t.workspaceId, pack.name);
    await Storage.putObject(t.ctx, key, pack.bytes, "application/octet-stream");
    for (const { member } of entries) {
      await Document.setSearchPack(t.ctx, t.workspaceId, member.id, {
        key,
        version: 1,
        documents: 4,
      });
    }
    Search.shardCache.clear();
    const search = (q: string) =>
      t.call("GET", `/api/workspaces/${t.workspaceId}/search?q=${q}&case=true&documentId=${id}`);
    expect((await search("PASSPORT")).body.total).toBe(1);
    expect((await search("passport")).body.total).toBe(0);
    Search.shardCache.clear();
  });

  it("rebuilds idempotently: a second run changes nothing, a forgotten pointer gets the same pack", async () => {
    const { t, ids } = await corpus();
    await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    const packs = await packsOf(t);
    const pointed = await pointers(t);
    expect(await Search.buildPacks(t.ctx, t.workspaceId, SMALL)).toEqual({
      packsWritten: 0,
      documentsPacked: 0,
      documentsLeft: 1,
      packsDeleted: 0,
    });
    for (const id of ids.slice(0, 4)) await unpoint(t, id);
    const again = await Search.buildPacks(t.ctx, t.workspaceId, { ...SMALL, graceMs: 0 });
    expect(again).toMatchObject({ packsWritten: 1, documentsPacked: 4, packsDeleted: 0 });
    expect(await packsOf(t)).toEqual(packs);
    expect(await pointers(t)).toEqual(pointed);
  });

  it("deletes packs nobody points to once they are old enough, and a deleted document's", async () => {
    const { t, ids } = await corpus();
    const before = await results(t);
    await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    const [first, second] = await packsOf(t);
    const pointed = await pointers(t);
    const inFirst = ids.filter((id) => pointed.get(id)?.key === first);
    // A new version of one document: its pack is packed again with it; the old one goes, but not
    // while it is younger than the grace period.
    expectStatus(
      await t.call("POST", `${documentPath(t, inFirst[0]!)}/versions`, {
        text: "The revised report names the broker and a passport.",
      }),
      201,
    );
    const kept = await Search.buildPacks(t.ctx, t.workspaceId, SMALL);
    expect(kept).toMatchObject({ packsWritten: 1, documentsPacked: 4, packsDeleted: 0 });
    expect(await packsOf(t)).toContain(first);
    const run = await Search.buildPacks(t.ctx, t.workspaceId, { ...SMALL, graceMs: 0 });
    expect(run).toMatchObject({ packsWritten: 0, packsDeleted: 1 });
    expect(await packsOf(t)).not.toContain(first);
    // Deleting a document deletes the pack holding its text; the others are read alone meanwhile.
    const inSecond = ids.filter((id) => pointed.get(id)?.key === second);
    expectStatus(await t.call("DELETE", documentPath(t, inSecond[0]!)), 204);
    expect(await packsOf(t)).not.toContain(second);
    // The other documents' hits are as they were (the revised and the deleted one aside).
    const others = (all: unknown[]) =>
      (all as Array<{ hits: string[][] }>).map((r) =>
        r.hits.filter((h) => h[0] !== inFirst[0] && h[0] !== inSecond[0]),
      );
    expect(others(await results(t))).toEqual(others(before));
  });

  it("runs the builder from ingest on every 64th text prepared in a workspace", async () => {
    const { t } = await corpus();
    const due: number[] = [];
    for (let i = 1; i <= 2 * Search.PACK_DOCUMENTS; i++) {
      if (await Search.packWhenDue(t.ctx, t.workspaceId)) due.push(i);
    }
    expect(due).toEqual([Search.PACK_DOCUMENTS, 2 * Search.PACK_DOCUMENTS]);
  });
});
