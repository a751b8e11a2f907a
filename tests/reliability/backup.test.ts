import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as Backup from "@gloss/core/backup";
import type { Context } from "@gloss/core/context";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  expectError,
  expectStatus,
  objectKeys,
  partitionItems,
  REPORT_TEXT,
  readAllPages,
  tickingClock,
} from "../support/data.ts";

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
type Json = any;

const REVISED_V1 = [
  "The company confiscated the passports of forty workers on their first day.",
  "A guard beat a worker who tried to leave the compound at night.",
  "The ministry promised an inquiry into the recruitment agency.",
].join("\n\n");
const REVISED_V2 = [
  "The company confiscated the passports of forty workers on their first day.",
  "The ministry promised an inquiry into the recruitment agency within a month.",
].join("\n\n");
const INTERVIEW =
  "# Interview with K.\n\nK. said the recruiter 🧑‍💼 took 3,000 dollars up front.\n";

const ws = (id: string) => `/api/workspaces/${id}`;

async function annotate(
  t: TestApp,
  workspaceId: string,
  docId: string,
  quote: string,
  body: { tags?: string[]; note?: string },
): Promise<Json> {
  const text = (await t.call("GET", `${ws(workspaceId)}/documents/${docId}/text`)).text;
  const start = text.indexOf(quote);
  expect(start, quote).toBeGreaterThanOrEqual(0);
  const reply = await t.call("POST", `${ws(workspaceId)}/documents/${docId}/annotations`, {
    start,
    end: start + quote.length,
    exact: quote,
    tags: body.tags ?? [],
    ...(body.note !== undefined ? { note: body.note } : {}),
  });
  expectStatus(reply, 201);
  return reply.body;
}

/**
 * The workspace of a research team: custom codes (one with an emoji), a changed default code,
 * three documents (pasted, an uploaded Markdown file, one at text version 2 with an orphaned
 * annotation), annotations with notes and emoji, and links across documents.
 */
async function makeWorkspace(t: TestApp): Promise<void> {
  const base = ws(t.workspaceId);
  expectStatus(
    await t.call("POST", `${base}/tags`, {
      id: "wage-theft",
      label: "Wage theft 💸",
      color: "#AA3366",
      description: "Wages withheld, cut or never paid",
    }),
    201,
  );
  expectStatus(await t.call("POST", `${base}/tags`, { label: "Debt bondage" }), 201);
  expectStatus(
    await t.call("PATCH", `${base}/tags/corruption`, {
      label: "Corruption and bribery",
      color: "#112233",
      description: "Officials paid to look away",
      version: 1,
    }),
    200,
  );
  expectStatus(await t.call("DELETE", `${base}/tags/torture`), 200);

  const report = (
    await t.call("POST", `${base}/documents`, {
      title: "Border town report",
      text: REPORT_TEXT,
      sourceUrl: "https://example.org/reports/border-town",
      publishedAt: "2024-11-02",
    })
  ).body;
  const form = new FormData();
  form.append("file", new File([INTERVIEW], "interview-K.md"));
  form.append("title", "Interview with K. 🎙️");
  const interview = await t.call("POST", `${base}/documents`, form);
  expectStatus(interview, 201);
  const revised = (
    await t.call("POST", `${base}/documents`, { title: "Ministry statement", text: REVISED_V1 })
  ).body;

  const passports = await annotate(t, t.workspaceId, report.id, "collected every passport", {
    tags: ["forced-labour", "debt-bondage"],
    note: "Passports taken on arrival 🛂 — corroborated by K.",
  });
  const locked = await annotate(t, t.workspaceId, report.id, "locked in a storeroom overnight", {
    tags: ["arbitrary-detention"],
  });
  const fee = await annotate(t, t.workspaceId, interview.body.id, "took 3,000 dollars up front", {
    tags: ["deceptive-recruitment", "wage-theft"],
    note: "Recruitment fee 💸",
  });
  const confiscated = await annotate(t, t.workspaceId, revised.id, "confiscated the passports", {
    tags: ["forced-labour"],
  });
  const beating = await annotate(
    t,
    t.workspaceId,
    revised.id,
    "A guard beat a worker who tried to leave",
    {
      tags: ["corruption"],
      note: "Removed from the revised statement",
    },
  );
  // Edited once, so its version is 2.
  expectStatus(
    await t.call("PATCH", `${base}/annotations/${locked.id}`, {
      note: "Punishment for missed targets",
      version: 1,
    }),
    200,
  );
  const version = await t.call("POST", `${base}/documents/${revised.id}/versions`, {
    text: REVISED_V2,
  });
  expectStatus(version, 201);
  expect(version.body.annotations.orphaned).toBe(1);
  const orphan = (await t.call("GET", `${base}/annotations/${beating.id}`)).body;
  expect(orphan.status).toBe("orphaned");

  for (const [fromId, toId, relation, note] of [
    [passports.id, confiscated.id, "corroborates", "Same practice, two sources"],
    [fee.id, passports.id, "same-incident", "K. describes the same recruiter 🧑‍💼"],
    [locked.id, beating.id, "related", ""],
  ]) {
    expectStatus(await t.call("POST", `${base}/links`, { fromId, toId, relation, note }), 201);
  }
}

/**
 * A workspace as the API shows it, with ids replaced by what they point at (document title, a
 * passage's document and position), so two workspaces compare equal when their contents are.
 */
async function canonical(t: TestApp, workspaceId: string): Promise<Json> {
  const base = ws(workspaceId);
  const tags = (await t.call("GET", `${base}/tags`)).body.items;
  const documents = (await readAllPages(t, `${base}/documents`, 2)).items;
  const title = new Map<string, string>(documents.map((d: Json) => [d.id, d.title]));
  const annotations = (await readAllPages(t, `${base}/annotations`, 2)).items;
  const passage = new Map<string, string>(
    annotations.map((a: Json) => [
      a.id,
      `${title.get(a.documentId)}@${a.textVersion}:${a.start}-${a.end}`,
    ]),
  );
  const links = (await readAllPages(t, `${base}/links`, 2)).items;
  const texts: Json[] = [];
  for (const d of documents) {
    for (let v = 1; v <= d.textVersion; v++) {
      const text = await t.call("GET", `${base}/documents/${d.id}/text?version=${v}`);
      const pages = await t.call("GET", `${base}/documents/${d.id}/pages?version=${v}`);
      texts.push({ document: d.title, version: v, text: text.text, pages: pages.body });
    }
  }
  const byKey = (key: (x: Json) => string) => (a: Json, b: Json) => key(a).localeCompare(key(b));
  return {
    codebook: tags,
    documents: documents.map(({ id: _id, workspaceId: _ws, ...rest }: Json) => rest),
    texts,
    annotations: annotations
      .map(({ id, workspaceId: _ws, documentId, ...rest }: Json) => ({
        ...rest,
        passage: passage.get(id),
        document: title.get(documentId),
      }))
      .sort(byKey((a) => a.passage)),
    links: links
      .map(({ id: _id, fromId, toId, from, to, ...rest }: Json) => ({
        ...rest,
        from: passage.get(fromId),
        to: passage.get(toId),
        fromQuote: from.exact,
        toQuote: to.exact,
        fromDocument: from.documentTitle,
        toDocument: to.documentTitle,
      }))
      .sort(byKey((l) => `${l.from}>${l.to}`)),
  };
}

async function backupOf(t: TestApp, workspaceId: string): Promise<Json> {
  const res = await t.app.request(`${ws(workspaceId)}/backup`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="gloss-backup-/);
  return JSON.parse(await res.text());
}

async function newWorkspace(t: TestApp, name: string): Promise<string> {
  const reply = await t.call("POST", "/api/workspaces", { name });
  expectStatus(reply, 201);
  return reply.body.id;
}

/** Everything stored for a workspace: its partition and its objects. */
async function stored(ctx: Context, workspaceId: string) {
  return {
    items: await partitionItems(ctx, { pk: `WS#${workspaceId}` }),
    objects: await objectKeys(ctx, `workspaces/${workspaceId}/`),
  };
}

describe("workspace backup and restore", () => {
  let t: TestApp;
  let backup: Json;
  let original: Json;

  beforeAll(async () => {
    t = await makeTestApp({ now: tickingClock() });
    await makeWorkspace(t);
    original = await canonical(t, t.workspaceId);
    backup = await backupOf(t, t.workspaceId);
  });

  it("backs up everything but identities and secrets, in a documented format", () => {
    expect(backup.format).toBe(Backup.BACKUP_FORMAT);
    expect(backup.formatVersion).toBe(1);
    expect(Object.keys(backup.excluded)).toEqual(
      expect.arrayContaining(["members", "invitations", "apiTokens", "shares"]),
    );
    expect(JSON.stringify(backup)).not.toMatch(/MEMBER#|tokenHash|gls_/);
    expect(backup.totals).toEqual({
      codes: 14,
      documents: 3,
      annotations: 5,
      links: 3,
      history: backup.history.length,
    });
    const revised = backup.documents.find((d: Json) => d.title === "Ministry statement");
    expect(revised.versions.map((v: Json) => v.text)).toEqual([REVISED_V1, REVISED_V2]);
    const interview = backup.documents.find((d: Json) => d.fileName === "interview-K.md");
    const file = interview.versions[0].original;
    expect(Buffer.from(file.base64, "base64").toString("utf8")).toBe(INTERVIEW);
    const orphan = backup.annotations.find((a: Json) => a.status === "orphaned");
    expect(orphan).toMatchObject({ textVersion: 1, reanchor: { target: 2 } });
  });

  it("restores into an empty workspace exactly, modulo ids", async () => {
    const target = await newWorkspace(t, "Restored");
    const reply = await t.call("POST", `${ws(target)}/restore`, backup);
    expectStatus(reply, 201);
    expect(reply.body.restored).toEqual({
      codes: 14,
      documents: 3,
      textVersions: 4,
      annotations: 5,
      links: 3,
    });
    const restored = await canonical(t, target);
    expect(restored).toEqual(original);
    // New ids everywhere, and the backup of the copy is the backup of the original.
    const ids = new Map<string, string>();
    for (const { from, to } of reply.body.documents) {
      expect(to).not.toBe(from);
      ids.set(to, from);
    }
    const again = await backupOf(t, target);
    const strip = (b: Json) => ({
      ...b,
      createdAt: null,
      workspace: null,
      documents: b.documents.map((d: Json) => ({ ...d, id: null })),
      annotations: b.annotations.map((a: Json) => ({ ...a, id: null, documentId: null })),
      links: b.links.map((l: Json) => ({ ...l, id: null, fromId: null, toId: null })),
      history: b.history.map((h: Json) =>
        JSON.stringify(h).replace(/\b(ann|doc|lnk)_[0-9A-Z]{26}\b/g, "$1_"),
      ),
    });
    expect(strip(again)).toEqual(strip(backup));

    const second = await t.call("POST", `${ws(target)}/restore`, backup);
    expectError(second, 409, "backup.workspace_not_empty");
  });

  it("finishes a restore cut short when it is repeated, without duplicates", async () => {
    const target = await newWorkspace(t, "Interrupted");
    // The same storage, with the write of the documents (the last step) failing.
    const crashing: Context = {
      ...t.ctx,
      db: {
        send: (command: unknown) => {
          const requests =
            command instanceof BatchWriteCommand
              ? Object.values(command.input.RequestItems ?? {}).flat()
              : [];
          if (requests.some((r) => r.PutRequest?.Item?.type === "document")) {
            return Promise.reject(new Error("crashed before the documents were written"));
          }
          return t.ctx.db.send(command as never);
        },
      } as Context["db"],
    };
    await expect(Backup.restore(crashing, target, backup)).rejects.toThrow(/crashed/);
    // Nothing shows as restored: no documents, and no backup of the half-restored state.
    expect((await t.call("GET", `${ws(target)}/documents`)).body.items).toEqual([]);
    expectError(await t.call("GET", `${ws(target)}/backup`), 409, "backup.restore_in_progress");
    const other = structuredClone(backup);
    other.workspace.name = "Another backup";
    expectError(
      await t.call("POST", `${ws(target)}/restore`, other),
      409,
      "backup.restore_in_progress",
    );

    expectStatus(await t.call("POST", `${ws(target)}/restore`, backup), 201);
    expect(await canonical(t, target)).toEqual(original);
    const items = await partitionItems(t.ctx, { pk: `WS#${target}` });
    const count = (type: string) => items.filter((i) => i.type === type).length;
    expect([count("document"), count("annotation"), count("link"), count("tag")]).toEqual([
      3, 5, 3, 14,
    ]);
  });

  it("refuses a malformed or inconsistent backup with nothing written", async () => {
    const target = await newWorkspace(t, "Refused");
    const before = await stored(t.ctx, target);
    const edited = (change: (b: Json) => void) => {
      const copy = structuredClone(backup);
      change(copy);
      return copy;
    };
    const cases: Array<[string, unknown, number, string]> = [
      ["malformed JSON", '{"format": "gloss.workspace-backup", ', 400, "request.malformed_json"],
      ["no documents field", edited((b) => delete b.documents), 400, "request.invalid_body"],
      ["an export, not a backup", { ...backup, format: "w3c.anno" }, 422, "backup.unknown_format"],
      [
        "a future format version",
        { ...backup, formatVersion: 2 },
        422,
        "backup.unsupported_version",
      ],
      [
        "a quote that differs from the text",
        edited((b) => {
          b.annotations[0].exact = `${b.annotations[0].exact.slice(0, -1)}X`;
        }),
        422,
        "backup.quote_mismatch",
      ],
      [
        "a code missing from the codebook",
        edited((b) => {
          b.codebook = b.codebook.filter((c: Json) => c.id !== "wage-theft");
          b.totals.codes--;
        }),
        422,
        "backup.unknown_tag",
      ],
      [
        "a link to an annotation that is not in it",
        edited((b) => {
          b.annotations = b.annotations.filter((a: Json) => a.id !== b.links[0].toId);
          b.totals.annotations--;
        }),
        422,
        "backup.reference",
      ],
      [
        "a backup cut short",
        edited((b) => {
          b.links.pop();
        }),
        422,
        "backup.incomplete",
      ],
      [
        "a text that is not canonical",
        edited((b) => {
          b.documents[0].versions[0].text = "Line one\r\nLine two";
        }),
        422,
        "backup.text",
      ],
      [
        "a mismatched document id",
        edited((b) => {
          b.documents[0].id = "doc_not-an-id";
        }),
        422,
        "backup.reference",
      ],
    ];
    for (const [name, body, status, code] of cases) {
      const reply = await t.call("POST", `${ws(target)}/restore`, body);
      expect({ name, status: reply.status, code: reply.body?.error?.code }).toEqual({
        name,
        status,
        code,
      });
    }
    expect(await stored(t.ctx, target)).toEqual(before);
  });

  it("refuses a restore into a workspace that has documents, with nothing written", async () => {
    const before = await stored(t.ctx, t.workspaceId);
    expectError(
      await t.call("POST", `${ws(t.workspaceId)}/restore`, backup),
      409,
      "backup.workspace_not_empty",
    );
    expect(await stored(t.ctx, t.workspaceId)).toEqual(before);
  });
});
