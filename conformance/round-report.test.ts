import { resolve } from "node:path";
import * as Workspace from "@gloss/core/workspace";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAuthApp, makeUser, ORIGIN } from "../tests/support/auth.ts";
import { readWithPython } from "./support/python.ts";
import { standardsDir } from "./support/standards.ts";
import { runTool } from "./support/tools.ts";

/** The round's agreement report CSV as researchers read it: Python's csv module and pandas. */
describe("the agreement report CSV, read by Python csv and pandas", () => {
  let csvText = "";
  let qde = "";
  let coders: string[] = [];
  // biome-ignore lint/suspicious/noExplicitAny: JSON from the API
  let agreement: any;

  beforeAll(async () => {
    const env = await makeAuthApp();
    const owner = await makeUser(env.ctx, "owner@example.org");
    const b = await makeUser(env.ctx, "b@example.org");
    const c = await makeUser(env.ctx, "c@example.org");
    const ws = owner.workspaceId;
    await Workspace.addMember(env.ctx, ws, b.user, "editor");
    await Workspace.addMember(env.ctx, ws, c.user, "editor");
    const call = async (who: typeof owner, method: string, path: string, body?: unknown) => {
      const response = await env.app.request(`${ORIGIN}/api/workspaces/${ws}${path}`, {
        method,
        headers: { ...who.auth, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return response.text();
    };
    const text = 'First, a sentence.\n\n= Second, "quoted" one.\n\nThird one 😀 here.';
    const doc = JSON.parse(await call(owner, "POST", "/documents", { title: "T", text }));
    for (const [who, exact] of [
      [b, "First, a sentence."],
      [b, '= Second, "quoted" one.'],
      [c, "First, a sentence."],
      [c, "Third one 😀 here."],
    ] as const) {
      const start = text.indexOf(exact);
      await call(who, "POST", `/documents/${doc.id}/annotations`, {
        start,
        end: start + exact.length,
        exact,
        tags: ["forced-labour"],
      });
    }
    const round = JSON.parse(
      await call(owner, "POST", "/rounds", {
        documentIds: [doc.id],
        coderIds: [b.user.id, c.user.id],
        tagIds: ["forced-labour"],
      }),
    );
    await call(owner, "POST", `/rounds/${round.id}/close`);
    csvText = await call(owner, "GET", `/rounds/${round.id}/report.csv?unit=sentence&bom=1`);
    const response = await env.app.request(
      `${ORIGIN}/api/workspaces/${ws}/rounds/${round.id}/project.qdpx`,
      { headers: b.auth },
    );
    expect(response.status).toBe(200);
    qde = strFromU8(unzipSync(new Uint8Array(await response.arrayBuffer()))["project.qde"]!);
    coders = [b.user.id, c.user.id];
    agreement = JSON.parse(await call(owner, "GET", `/rounds/${round.id}/agreement?unit=sentence`));
  });

  it("has the same records and values in csv, pandas and the agreement endpoint", () => {
    const read = readWithPython(csvText);
    const [header, ...records] = read.csv;
    expect(read.pandas.columns).toEqual(header);
    expect(read.pandas.rows).toEqual(records);
    expect(records).toHaveLength(4); // (code, pooled) × (all, one pair)
    const column = (name: string) => header!.indexOf(name);
    const all = records[0]!;
    expect(all[column("coders")]).toBe("all");
    expect(Number(all[column("krippendorff_alpha")])).toBe(agreement.codes[0].krippendorffAlpha);
    expect(Number(all[column("unitized_alpha")])).toBe(agreement.codes[0].unitizedAlpha);
    expect(Number(all[column("alpha_ci_low")])).toBe(agreement.codes[0].alphaInterval.low);
    const pair = records[1]!;
    expect(pair[column("coders")]).toBe("pair");
    expect(Number(pair[column("cohen_kappa")])).toBe(agreement.codes[0].pairs[0].cohenKappa);
    expect(Number(pair[column("disagreements")])).toBe(2);
  });

  it("writes the round's codings as a REFI-QDA project that validates, each coder a User", () => {
    const xsd = resolve(standardsDir(), "refi-qda", "Project-mrt2019.xsd");
    const verdict = runTool("xmllint", ["--noout", "--schema", xsd, "-"], qde);
    expect(verdict.status, verdict.stderr).toBe(0);
    const users = [...qde.matchAll(/<User [^>]*guid="([^"]+)"/g)].map((m) => m[1]);
    const creators = new Set(
      [...qde.matchAll(/<Coding [^>]*creatingUser="([^"]+)"/g)].map((m) => m[1]),
    );
    // Four passages by two coders, one code: four codings by two distinct users, both listed.
    expect([...qde.matchAll(/<Coding /g)]).toHaveLength(4);
    expect(creators.size).toBe(coders.length);
    for (const guid of creators) expect(users).toContain(guid);
  });
});
