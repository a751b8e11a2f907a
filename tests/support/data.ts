import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "@gloss/core/context";
import { expect } from "vitest";
import type { Reply, TestApp } from "./app.ts";

/** A short source in the style Gloss users annotate: a field report on labour exploitation. */
export const REPORT_TEXT = [
  "Recruiters in the border town promised the workers a monthly wage of 450 dollars and a one-year contract.",
  "On arrival the supervisor collected every passport and told the men they owed the cost of their journey.",
  "Anyone who missed the daily target was locked in a storeroom overnight without food.",
  "Local police detained two men who escaped and charged them with illegal entry.",
].join("\n\n");

export const documentsPath = (t: TestApp) => `/api/workspaces/${t.workspaceId}/documents`;
export const documentPath = (t: TestApp, docId: string) => `${documentsPath(t)}/${docId}`;
export const annotationsPath = (t: TestApp, docId: string) =>
  `${documentPath(t, docId)}/annotations`;
export const workspaceAnnotationsPath = (t: TestApp) =>
  `/api/workspaces/${t.workspaceId}/annotations`;
export const annotationPath = (t: TestApp, annId: string) =>
  `${workspaceAnnotationsPath(t)}/${annId}`;
export const tagsPath = (t: TestApp) => `/api/workspaces/${t.workspaceId}/tags`;

/** Fails with the whole reply when the status is not the expected one, so failures explain. */
export function expectStatus(reply: Reply, status: number): void {
  expect({ status: reply.status, body: reply.body ?? reply.text }).toMatchObject({ status });
}

/** Asserts the `{ error: { code, message } }` shape with a given code. */
export function expectError(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, body: reply.body ?? reply.text }).toMatchObject({
    status,
    body: { error: { code } },
  });
  expect(typeof reply.body.error.message).toBe("string");
  expect(reply.body.error.message.length).toBeGreaterThan(0);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
}

/** Creates a document from JSON through the API. */
export async function makeDocument(
  t: TestApp,
  input: { title?: string; text?: string; sourceUrl?: string; publishedAt?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
): Promise<any> {
  const reply = await t.call("POST", documentsPath(t), {
    title: input.title ?? "Border town report",
    text: input.text ?? REPORT_TEXT,
    ...(input.sourceUrl ? { sourceUrl: input.sourceUrl } : {}),
    ...(input.publishedAt ? { publishedAt: input.publishedAt } : {}),
  });
  expectStatus(reply, 201);
  return reply.body;
}

/** Annotates the `occurrence`-th appearance of `quote` in the document's canonical text. */
export async function annotate(
  t: TestApp,
  docId: string,
  quote: string,
  options: { tags?: string[]; note?: string; text?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
): Promise<any> {
  const text = options.text ?? (await t.call("GET", `${documentPath(t, docId)}/text`)).text;
  const start = text.indexOf(quote);
  if (start === -1) throw new Error(`quote not in the text: ${quote}`);
  const reply = await t.call("POST", annotationsPath(t, docId), {
    start,
    end: start + quote.length,
    exact: quote,
    tags: options.tags ?? ["forced-labour"],
    ...(options.note !== undefined ? { note: options.note } : {}),
  });
  expectStatus(reply, 201);
  return reply.body;
}

/** Follows `nextCursor` from the first page to the last; returns every page's items. */
export async function readAllPages(
  t: TestApp,
  path: string,
  limit: number,
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
): Promise<{ pages: any[][]; items: any[]; cursors: Array<string | null> }> {
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  const pages: any[][] = [];
  const cursors: Array<string | null> = [];
  let cursor: string | null = null;
  const separator = path.includes("?") ? "&" : "?";
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const reply = await t.call("GET", `${path}${separator}${query}`);
    expectStatus(reply, 200);
    pages.push(reply.body.items);
    cursor = reply.body.nextCursor;
    cursors.push(cursor);
    if (pages.length > 100) throw new Error("pagination does not end");
  } while (cursor);
  return { pages, items: pages.flat(), cursors };
}

/** Every item of the table and every object key of the bucket, in a stable order. */
export async function storageSnapshot(
  ctx: Context,
): Promise<{ items: Record<string, unknown>[]; objects: string[] }> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new ScanCommand({ TableName: ctx.table, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
  return { items, objects: await objectKeys(ctx, "") };
}

/** Object keys of the test bucket under a prefix. */
export async function objectKeys(ctx: Context, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.s3.send(
      new ListObjectsV2Command({ Bucket: ctx.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Items of one partition of the table (or of GSI1), read directly with a Query. */
export async function partitionItems(
  ctx: Context,
  partition: { pk: string; skPrefix?: string } | { gsi1pk: string },
): Promise<Record<string, unknown>[]> {
  const byIndex = "gsi1pk" in partition;
  const result = await ctx.db.send(
    new QueryCommand({
      TableName: ctx.table,
      ...(byIndex ? { IndexName: "gsi1" } : {}),
      KeyConditionExpression:
        byIndex || !partition.skPrefix ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: byIndex
        ? { "#pk": "gsi1pk" }
        : { "#pk": "pk", ...(partition.skPrefix ? { "#sk": "sk" } : {}) },
      ExpressionAttributeValues: byIndex
        ? { ":pk": partition.gsi1pk }
        : { ":pk": partition.pk, ...(partition.skPrefix ? { ":prefix": partition.skPrefix } : {}) },
    }),
  );
  return result.Items ?? [];
}

/** A clock that moves one second forward on every reading, so creation order is unambiguous. */
export function tickingClock(start = Date.parse("2025-03-01T09:00:00Z")): () => Date {
  let tick = 0;
  return () => new Date(start + tick++ * 1000);
}
