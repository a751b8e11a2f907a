import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as Backup from "@gloss/core/backup";
import type { Context } from "@gloss/core/context";
import { beforeAll, describe, expect, it } from "vitest";
import { download, parseCsv } from "../exports/support.ts";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  expectStatus,
  makeDocument,
  objectKeys,
  partitionItems,
} from "../support/data.ts";

// A backup carries the researcher's own code tree (parents and sibling order) and the document
// attributes (definitions and values): a restored workspace shows, filters and exports the same.

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
type Json = any;

const ws = (id: string) => `/api/workspaces/${id}`;

/**
 * A 3-level custom tree: Liberty and security › Arbitrary detention › {Secret sites, Incommunicado} (custom
 * ids, Secret sites moved before Incommunicado, against id order), Corruption moved from State
 * accountability to the top of Liberty, Wage theft moved to the top of the codebook; attributes
 * Region (choice) and Visited on (date), with values on two of three documents.
 */
async function makeWorkspace(t: TestApp): Promise<void> {
  const base = ws(t.workspaceId);
  const code = async (body: Json) => expectStatus(await t.call("POST", `${base}/tags`, body), 201);
  const move = async (id: string, body: Json) => {
    const current = (await t.call("GET", `${base}/tags/${id}`)).body;
    expectStatus(
      await t.call("PATCH", `${base}/tags/${id}`, { ...body, version: current.version }),
      200,
    );
  };
  await code({ id: "incommunicado", label: "Incommunicado", parentId: "arbitrary-detention" });
  await code({ id: "secret-sites", label: "Secret sites", parentId: "arbitrary-detention" });
  await code({ id: "wage-theft", label: "Wage theft" });
  await move("secret-sites", { position: 0 });
  await move("corruption", { parentId: "liberty", position: 0 });
  await move("wage-theft", { position: 0 });

  for (const body of [
    { id: "region", name: "Region", type: "choice", choices: ["North", "South"] },
    { id: "visited-on", name: "Visited on", type: "date" },
  ]) {
    expectStatus(await t.call("POST", `${base}/attributes`, body), 201);
  }
  const values: Array<[string, Json]> = [
    ["North camp", { region: "North", "visited-on": "2024-03-05" }],
    ["South camp", { region: "South" }],
    ["Ministry", null],
  ];
  for (const [title, attributes] of values) {
    const doc = await makeDocument(t, {
      title,
      text: `In ${title} the broker kept every passport.`,
    });
    await annotate(t, doc.id, "kept every passport", { tags: ["incommunicado", "corruption"] });
    if (attributes) {
      expectStatus(
        await t.call("PATCH", `${base}/documents/${doc.id}`, { attributes, version: doc.version }),
        200,
      );
    }
  }
}

/** What the test compares: the tree, the definitions, each document's values, search and CSV. */
async function observed(t: TestApp, workspaceId: string): Promise<Json> {
  const base = ws(workspaceId);
  const tree = (await t.call("GET", `${base}/tags`)).body.items.map((c: Json) => ({
    id: c.id,
    parentId: c.parentId,
    position: c.position,
    path: c.path,
  }));
  const attributes = (await t.call("GET", `${base}/attributes`)).body.items;
  const documents = (await t.call("GET", `${base}/documents`)).body.items;
  const values: Record<string, Json> = {};
  for (const d of documents) {
    values[d.title] = (await t.call("GET", `${base}/documents/${d.id}`)).body.attributes;
  }
  // The titles found, or the error of a filter on an attribute the workspace lacks.
  const search = async (filter: string) => {
    const reply = await t.call("GET", `${base}/search?q=passport&${filter}`);
    if (reply.status !== 200) return reply.body.error.code;
    return reply.body.documents.map((d: Json) => d.title).sort();
  };
  const csv = parseCsv((await download(t, `${base}/exports/extracts.csv`)).text);
  return {
    tree: tree.sort((a: Json, b: Json) => a.id.localeCompare(b.id)),
    attributes,
    values,
    north: await search("attr.region=North"),
    visited: await search("attr.visited-on=2024-03-05"),
    csv: csv
      .map((r) => [r.document_title, r.code, r.attr_region, r["attr_visited-on"]].join("|"))
      .sort(),
  };
}

async function backupOf(t: TestApp, workspaceId: string): Promise<Json> {
  const res = await t.app.request(`${ws(workspaceId)}/backup`);
  expect(res.status).toBe(200);
  return JSON.parse(await res.text());
}

/** A new workspace that already has attribute definitions (the starter set). */
async function newWorkspace(t: TestApp, name: string, starter = true): Promise<string> {
  const reply = await t.call("POST", "/api/workspaces", { name });
  expectStatus(reply, 201);
  if (starter) expectStatus(await t.call("POST", `${ws(reply.body.id)}/attributes/starter`), 200);
  return reply.body.id;
}

async function stored(ctx: Context, workspaceId: string) {
  return {
    items: await partitionItems(ctx, { pk: `WS#${workspaceId}` }),
    objects: await objectKeys(ctx, `workspaces/${workspaceId}/`),
  };
}

describe("backup of the code tree and the document attributes", () => {
  let t: TestApp;
  let backup: Json;
  let original: Json;

  beforeAll(async () => {
    t = await makeTestApp();
    await makeWorkspace(t);
    original = await observed(t, t.workspaceId);
    backup = await backupOf(t, t.workspaceId);
  });

  it("backs up each code's parent and position, the definitions and the values", () => {
    expect(original.tree).toContainEqual({
      id: "incommunicado",
      parentId: "arbitrary-detention",
      position: 1,
      path: ["Liberty and security", "Arbitrary detention", "Incommunicado"],
    });
    expect(original.north).toEqual(["North camp"]);
    expect(original.visited).toEqual(["North camp"]);
    expect(original.csv).toContain("North camp|incommunicado|North|2024-03-05");
    expect(original.csv).toContain("South camp|corruption|South|");
    const incommunicado = backup.codebook.find((c: Json) => c.id === "incommunicado");
    expect(incommunicado).toMatchObject({ parentId: "arbitrary-detention", position: 1 });
    expect(backup.attributes.map((a: Json) => a.id)).toEqual(["region", "visited-on"]);
    expect(backup.totals.attributes).toBe(2);
    const north = backup.documents.find((d: Json) => d.title === "North camp");
    expect(north.attributes).toEqual({ region: "North", "visited-on": "2024-03-05" });
  });

  it("restores the same tree, attributes, search and CSV, replacing the starter set", async () => {
    const target = await newWorkspace(t, "Restored");
    const reply = await t.call("POST", `${ws(target)}/restore`, backup);
    expectStatus(reply, 201);
    const restored = await observed(t, target);
    expect(restored.tree).toEqual(original.tree);
    expect(restored).toEqual(original);
    expect(reply.body.restored).toMatchObject({ codes: 16, attributes: 2, documents: 3 });
  });

  it("ends the same when a restore cut short is repeated", async () => {
    const target = await newWorkspace(t, "Interrupted");
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
    expectStatus(await t.call("POST", `${ws(target)}/restore`, backup), 201);
    expect(await observed(t, target)).toEqual(original);
  });

  it("refuses a tree with a loop, a missing parent or too many levels, or bad values", async () => {
    const target = await newWorkspace(t, "Refused");
    const before = await stored(t.ctx, target);
    const edited = (change: (b: Json) => void) => {
      const copy = structuredClone(backup);
      change(copy);
      return copy;
    };
    const codeOf = (b: Json, id: string) => b.codebook.find((c: Json) => c.id === id);
    const documentOf = (b: Json, title: string) => b.documents.find((d: Json) => d.title === title);
    const cases: Array<[string, Json, string]> = [
      [
        "a loop",
        edited((b) => {
          codeOf(b, "liberty").parentId = "incommunicado";
        }),
        "backup.code_cycle",
      ],
      [
        "a code its own parent",
        edited((b) => {
          codeOf(b, "wage-theft").parentId = "wage-theft";
        }),
        "backup.code_cycle",
      ],
      [
        "an unknown parent",
        edited((b) => {
          codeOf(b, "incommunicado").parentId = "no-such-code";
        }),
        "backup.unknown_parent",
      ],
      [
        "seven levels",
        edited((b) => {
          for (const [i, parentId] of ["incommunicado", "l4", "l5", "l6"].entries()) {
            b.codebook.push({ ...codeOf(b, "incommunicado"), id: `l${i + 4}`, parentId });
          }
          b.totals.codes += 4;
        }),
        "backup.code_depth",
      ],
      [
        "a value of an attribute not in the backup",
        edited((b) => {
          documentOf(b, "South camp").attributes.country = "Thailand";
        }),
        "backup.unknown_attribute",
      ],
      [
        "a date that is not a date",
        edited((b) => {
          documentOf(b, "North camp").attributes["visited-on"] = 2024;
        }),
        "backup.attribute_value",
      ],
      [
        "a choice that is not one",
        edited((b) => {
          documentOf(b, "South camp").attributes.region = "East";
        }),
        "backup.attribute_value",
      ],
    ];
    for (const [name, body, code] of cases) {
      const reply = await t.call("POST", `${ws(target)}/restore`, body);
      expect({ name, status: reply.status, code: reply.body?.error?.code }).toEqual({
        name,
        status: 422,
        code,
      });
    }
    expect(await stored(t.ctx, target)).toEqual(before);
  });

  it("restores an older backup, without tree or attributes, as before", async () => {
    const older = structuredClone(backup);
    for (const c of older.codebook) {
      delete c.parentId;
      delete c.position;
    }
    delete older.attributes;
    delete older.totals.attributes;
    for (const d of older.documents) delete d.attributes;
    const target = await newWorkspace(t, "Older", false);
    expectStatus(await t.call("POST", `${ws(target)}/restore`, older), 201);
    const restored = await observed(t, target);
    // Flat as then: the default codes under their default parents, the others at the top.
    const placed = (id: string) => restored.tree.find((c: Json) => c.id === id);
    expect(placed("incommunicado")).toMatchObject({ parentId: null, path: ["Incommunicado"] });
    expect(placed("corruption")).toMatchObject({ parentId: "state-accountability" });
    expect(restored.attributes).toEqual([]);
    expect(restored.values).toEqual({ "North camp": {}, "South camp": {}, Ministry: {} });
    expect(restored.north).toBe("attribute.unknown");
  });
});

describe("the backup's OpenAPI schema", () => {
  it("describes each code's place in the tree and the attributes, all optional", async () => {
    const t = await makeTestApp();
    const reply = await t.call("GET", "/api/openapi.json");
    expectStatus(reply, 200);
    const schema = reply.body.components.schemas.WorkspaceBackup;
    const code = schema.properties.codebook.items;
    expect(Object.keys(code.properties)).toEqual(expect.arrayContaining(["parentId", "position"]));
    expect(code.required).not.toContain("parentId");
    expect(code.required).not.toContain("position");
    expect(Object.keys(schema.properties.attributes.items.properties)).toEqual(
      expect.arrayContaining(["id", "name", "description", "type", "choices"]),
    );
    expect(schema.required).not.toContain("attributes");
    const document = schema.properties.documents.items;
    expect(document.properties.attributes.description).toMatch(/attribute values/);
    expect(document.required).not.toContain("attributes");
  });
});
