import { parse } from "csv-parse/sync";
import type { TestApp } from "../support/app.ts";

/** The path of an export of the test workspace, with an optional query string. */
export const exportPath = (t: TestApp, name: string, query = "") =>
  `/api/workspaces/${t.workspaceId}/exports/${name}${query ? `?${query}` : ""}`;

/** Downloads an export as bytes and text, through the app. */
export async function download(t: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder().decode(bytes) };
}

/** CSV text parsed back into records (objects keyed by the header row). */
export function parseCsv(text: string): Array<Record<string, string>> {
  return parse(text, { columns: true, bom: true, relax_column_count: false });
}

/** A source with an emoji, right-to-left text and characters a CSV writer must quote. */
export const HOSTILE_TEXT = [
  "Workers 🙂 said the broker took their passports.",
  'He told them, "Pay 450 dollars, or else."',
  "Later the police arrested the escaped workers.",
  "الشرطة احتجزت العمال",
].join("\n\n");
