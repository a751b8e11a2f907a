import { describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import { expectStatus, readAllPages, tagsPath } from "../support/data.ts";
import { refiCorpus } from "./refi-corpus.ts";
import { postFile } from "./refi-fixtures.ts";
import { download, exportPath } from "./support.ts";

/** What a workspace holds, in terms that do not depend on its ids. */
async function snapshot(t: TestApp) {
  const ws = `/api/workspaces/${t.workspaceId}`;
  const documents = (await t.call("GET", `${ws}/documents`)).body.items;
  const titles = new Map(documents.map((d: { id: string; title: string }) => [d.id, d.title]));
  const tags = (await t.call("GET", tagsPath(t))).body.items;
  const label = new Map(tags.map((c: { id: string; label: string }) => [c.id, c.label]));
  const annotations = (await readAllPages(t, `${ws}/annotations`, 100)).items;
  const quote = new Map(annotations.map((a: { id: string; exact: string }) => [a.id, a.exact]));
  const links = (await t.call("GET", `${ws}/links`)).body.items;
  return {
    documents: await Promise.all(
      documents.map(
        async (d: {
          id: string;
          title: string;
          sourceUrl: string | null;
          annotationCount: number;
        }) => ({
          title: d.title,
          sourceUrl: d.sourceUrl,
          // The library's counts, which an import writes itself, agree with the passages.
          annotationCount: d.annotationCount,
          text: (await t.call("GET", `${ws}/documents/${d.id}/text`)).text,
        }),
      ),
    ).then((list) => list.sort((a, b) => a.title.localeCompare(b.title))),
    codes: tags
      .map((c: { label: string; color: string; description: string }) => ({
        label: c.label,
        color: c.color,
        description: c.description,
      }))
      .sort((a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label)),
    annotations: annotations
      .map(
        // The API's JSON as the test reads it, typed here rather than by core's JsonLdPassage.
        (a: {
          documentId: string;
          start: number;
          end: number;
          exact: string;
          prefix: string;
          suffix: string;
          tags: string[];
          note: string;
        }) => ({
          document: titles.get(a.documentId) as string,
          start: a.start,
          end: a.end,
          exact: a.exact,
          prefix: a.prefix,
          suffix: a.suffix,
          tags: a.tags.map((id) => label.get(id) as string).sort(),
          note: a.note,
        }),
      )
      .sort((a: { start: number; document: string }, b: { start: number; document: string }) =>
        `${a.document}#${a.start}`.localeCompare(`${b.document}#${b.start}`),
      ),
    links: links
      .map((l: { fromId: string; toId: string; relation: string; note: string }) => ({
        from: quote.get(l.fromId),
        to: quote.get(l.toId),
        relation: l.relation,
        note: l.note,
      }))
      .sort((a: { relation: string }, b: { relation: string }) =>
        a.relation.localeCompare(b.relation),
      ),
  };
}

describe("Gloss → .qdpx → Gloss", () => {
  it("reproduces documents, codes, codings (offsets and quotes), notes and links exactly", async () => {
    const t = await makeTestApp();
    await refiCorpus(t);
    const exported = await download(t, exportPath(t, "project.qdpx"));
    expect(exported.status).toBe(200);
    const created = await t.call("POST", "/api/workspaces", { name: "Round trip" });
    expectStatus(created, 201);
    const into: TestApp = { ...t, workspaceId: created.body.id };
    const reply = await postFile(into, "project.qdpx", exported.bytes);
    expectStatus(reply, 200);
    expect(reply.body).toMatchObject({
      status: "done",
      origin: "Gloss",
      imported: { documents: 2, annotations: 4, notes: 3, links: 2, codesCreated: 1 },
      skippedTotal: 0,
    });
    const [before, after] = [await snapshot(t), await snapshot(into)];
    expect(after.documents).toEqual(before.documents);
    expect(after.codes).toEqual(before.codes);
    expect(after.annotations).toEqual(before.annotations);
    expect(after.links).toEqual(before.links);
    expect(after.annotations).toHaveLength(4);
    // The workspace's own author is recognised by name, not recorded as a stranger.
    expect(reply.body.users).toContainEqual({ name: "Local owner", memberId: expect.any(String) });
  });
});
