import { describe, expect, it } from "vitest";
import * as History from "../packages/core/src/history/index.ts";
import { makeTestApp } from "../tests/support/app.ts";
import { annotate, expectStatus, makeDocument, tickingClock } from "../tests/support/data.ts";
import { readWithPython } from "./support/python.ts";

describe("the history CSV, read by Python's csv and pandas", () => {
  it("has one record per entry whose JSON states parse back to the API's", async () => {
    const t = await makeTestApp({ now: tickingClock() });
    const doc = await makeDocument(t);
    const note = '=HYPERLINK("x"), "quoted"\n\nsecond paragraph; الشرطة 🙂';
    const ann = await annotate(t, doc.id, "collected every passport", { note });
    const path = `/api/workspaces/${t.workspaceId}/annotations/${ann.id}`;
    expectStatus(await t.call("PATCH", path, { note: `+${note}`, version: 1 }), 200);
    expectStatus(await t.call("DELETE", path), 204);
    const api = (await t.call("GET", `/api/workspaces/${t.workspaceId}/history`)).body.items;

    for (const bom of ["0", "1"]) {
      const res = await t.app.request(
        `/api/workspaces/${t.workspaceId}/exports/history.csv?bom=${bom}`,
      );
      expect(res.status).toBe(200);
      const read = readWithPython(new Uint8Array(await res.arrayBuffer()));
      expect(read.csv[0]).toEqual([...History.HISTORY_COLUMNS]);
      expect(read.pandas.columns).toEqual([...History.HISTORY_COLUMNS]);
      expect(read.csv.length - 1).toBe(api.length);
      expect(read.pandas.rows).toEqual(read.csv.slice(1));
      const column = (name: string) => History.HISTORY_COLUMNS.indexOf(name as never);
      const rows = read.csv.slice(1).filter((r) => r[column("entity_id")] === ann.id);
      expect(rows.map((r) => r[column("action")])).toEqual(["create", "update", "delete"]);
      const states = rows.map((r) => r[column("after_json")]);
      expect(JSON.parse(states[0]!).note).toBe(note);
      // A cell a spreadsheet would run gets a leading ' (the exports' rule); JSON cells start with {.
      expect(JSON.parse(states[1]!).note).toBe(`+${note}`);
      expect(states[2]).toBe("");
      expect(JSON.parse(rows[2]![column("before_json")]!).note).toBe(`+${note}`);
    }
  });
});
