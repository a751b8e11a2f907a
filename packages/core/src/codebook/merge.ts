import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as Bulk from "../annotation/bulk.ts";
import type { Context } from "../context/index.ts";
import { writeIf } from "../db/conditional.ts";
import { type Item, numbers, str, strs } from "../db/items.ts";
import { documentAnnotationsPk, keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import { GlossError } from "../error/index.ts";
import * as History from "../history/index.ts";
import { MAX_DEPTH, type MergeResult, type Tag } from "./schema.ts";
import { get, loadTree } from "./tag.ts";
import { rankAt } from "./tree.ts";

/**
 * Test seams: `afterAnnotation` is called after each passage is re-tagged, `afterEntries` after a
 * chunk of re-tags is recorded and before it is made; a throw simulates a crash at that point.
 */
export interface MergeHooks {
  afterAnnotation?: (changedSoFar: number) => void | Promise<void>;
  afterEntries?: (chunk: number) => void | Promise<void>;
}

/**
 * Merges code `from` into `into` without transactions. The steps, each idempotent, are:
 * 1. a merge record `TAGMERGE#from → into` (conditional: one target per code) and the marker
 *    `mergingInto` on `from`, which every codebook read sees and finishes;
 * 2. every passage with `from` re-tagged to `into` (a passage with both keeps `into` once), each
 *    a version-checked write so a concurrent edit is re-read, never overwritten;
 * 3. `from`'s children moved under `into`, after its own children;
 * 4. `from` deleted, then passages scanned once more for any coded with it between 2 and 4;
 * 5. document counts recomputed for every document that counted `from`;
 * 6. the record marked done, so a retry of a finished merge answers the same result.
 * A crash anywhere leaves the record and (until step 4) the marker; the next codebook read or a
 * retry runs the steps again, and each skips what is already done. Links are untouched: they join
 * passages, which keep their ids.
 */
export async function merge(
  ctx: Context,
  workspaceId: string,
  from: string,
  into: string,
  hooks: MergeHooks = {},
): Promise<MergeResult> {
  const record = await readRecord(ctx, workspaceId, from);
  if (record && record.into !== into) {
    throw new GlossError(
      "conflict",
      "tag.merging",
      `"${from}" is already being merged into "${record.into}"`,
    );
  }
  if (record?.done) {
    return {
      from,
      into: await get(ctx, workspaceId, into),
      annotationsChanged: 0,
      childrenMoved: 0,
      resumed: true,
    };
  }
  if (!record) {
    await checkMerge(ctx, workspaceId, from, into);
    const started = await writeIf(
      ctx,
      new PutCommand({
        TableName: ctx.table,
        Item: {
          ...keys.tagMerge(workspaceId, from),
          type: "tagMerge",
          from,
          into,
          done: false,
          startedAt: ctx.now().toISOString(),
        },
        ConditionExpression: "attribute_not_exists(pk) OR (#into = :into)",
        ExpressionAttributeNames: { "#into": "into" },
        ExpressionAttributeValues: { ":into": into },
      }),
    );
    if (!started) {
      throw new GlossError(
        "conflict",
        "tag.merging",
        `"${from}" is already being merged elsewhere`,
      );
    }
  }
  return finish(ctx, workspaceId, from, into, Boolean(record), hooks);
}

/** Finishes every merge left half-done by a crash (those whose code still carries the marker). */
export async function finishPendingMerges(ctx: Context, workspaceId: string): Promise<number> {
  const marked = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.tag],
    keep: (item) => typeof item.mergingInto === "string",
  });
  for (const item of marked) {
    await finish(ctx, workspaceId, str(item, "id"), str(item, "mergingInto"), true, {});
  }
  return marked.length;
}

/** Refuses a merge into itself, into its own subtree, or one that would make the tree too deep. */
async function checkMerge(ctx: Context, workspaceId: string, from: string, into: string) {
  const tree = await loadTree(ctx, workspaceId);
  for (const id of [from, into]) {
    const code = tree.byId.get(id);
    if (!code)
      throw new GlossError("not_found", "tag.not_found", `no code "${id}" in this workspace`);
    if (typeof code.item.mergingInto === "string") {
      throw new GlossError("conflict", "tag.merging", `"${id}" is being merged; try again shortly`);
    }
  }
  if (from === into) {
    throw new GlossError("invalid", "tag.merge_self", "a code cannot be merged into itself");
  }
  if (tree.idPath(into).includes(from)) {
    throw new GlossError(
      "invalid",
      "tag.merge_into_descendant",
      `"${into}" is below "${from}"; move it out first, then merge`,
    );
  }
  const childHeight = Math.max(0, ...(tree.children.get(from) ?? []).map((c) => tree.height(c.id)));
  if (tree.depth(into) + childHeight > MAX_DEPTH) {
    throw new GlossError(
      "invalid",
      "tag.too_deep",
      `moving "${from}"'s children under "${into}" would make the codebook deeper than ${MAX_DEPTH} levels`,
    );
  }
}

async function readRecord(ctx: Context, workspaceId: string, from: string) {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.table, Key: keys.tagMerge(workspaceId, from) }),
  );
  return Item ? { into: str(Item, "into"), done: Item.done === true } : null;
}

async function finish(
  ctx: Context,
  workspaceId: string,
  from: string,
  into: string,
  resumed: boolean,
  hooks: MergeHooks,
): Promise<MergeResult> {
  // Step 1 (marker): absent once step 4 ran, so a failed condition is not an error.
  await writeIf(
    ctx,
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.tag(workspaceId, from),
      UpdateExpression: "SET mergingInto = :into",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":into": into },
    }),
  );
  let annotationsChanged = await retagAll(ctx, workspaceId, from, into, hooks, 0);
  const childrenMoved = await moveChildren(ctx, workspaceId, from, into);
  await removeMerged(ctx, workspaceId, from, into);
  annotationsChanged = await retagAll(ctx, workspaceId, from, into, hooks, annotationsChanged);
  await recount(ctx, workspaceId, from, into);
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.tagMerge(workspaceId, from),
      UpdateExpression: "SET done = :true, doneAt = :now",
      ExpressionAttributeValues: { ":true": true, ":now": ctx.now().toISOString() },
    }),
  );
  const target: Tag = await get(ctx, workspaceId, into);
  return { from, into: target, annotationsChanged, childrenMoved, resumed };
}

async function readTag(ctx: Context, workspaceId: string, tagId: string) {
  const { Item } = await ctx.db.send(
    new GetCommand({
      TableName: ctx.table,
      Key: keys.tag(workspaceId, tagId),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Step 4: the merged code goes, recorded (its entry keeps what it was); absent already on a retry. */
async function removeMerged(ctx: Context, workspaceId: string, from: string, into: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const item = await readTag(ctx, workspaceId, from);
    if (!item) return;
    const result = await History.deleteItem(ctx, {
      kind: "code",
      item,
      cause: `merge:${from}>${into}`,
    });
    if (result.ok) return;
  }
  throw new GlossError(
    "conflict",
    "tag.merge_busy",
    `the code "${from}" kept changing during the merge; retry it`,
  );
}

/**
 * Step 2: every passage coded `from` gets `into` instead, once, through the bulk write: chunks of
 * recorded, version-checked re-tags in parallel (one at a time took ~100 s for 10k passages). A
 * passage edited meanwhile is re-read and re-tagged as it is now, never overwritten; a re-tag a
 * crashed run had recorded only is completed by this one.
 */
async function retagAll(
  ctx: Context,
  workspaceId: string,
  from: string,
  into: string,
  hooks: MergeHooks,
  changedBefore: number,
): Promise<number> {
  let using = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.annotation],
    keep: (item) => strs(item, "tags").includes(from),
  });
  let changed = changedBefore;
  for (let attempt = 0; using.length > 0 && attempt < 5; attempt++) {
    // Through history like every other change to a passage's codes: "who" is the merging user,
    // "cause" names the merge (the same on a retry, so a retry finishes what a crash left).
    const outcomes = await Bulk.updateMany(
      ctx,
      workspaceId,
      using.map((item) => ({
        item,
        set: {
          tags: [...new Set(strs(item, "tags").map((t) => (t === from ? into : t)))],
          updatedAt: ctx.now().toISOString(),
        },
      })),
      {
        cause: `merge:${from}>${into}`,
        ...(hooks.afterEntries ? { hooks: { afterEntries: hooks.afterEntries } } : {}),
      },
    );
    const stale: Item[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome === "stale") {
        stale.push(using[i]!);
        continue;
      }
      changed++;
      await hooks.afterAnnotation?.(changed);
    }
    // Edited (or deleted) meanwhile: re-read and re-tag what is there now.
    const reread = await Promise.all(
      stale.map(
        async (found) =>
          (
            await ctx.db.send(
              new GetCommand({
                TableName: ctx.table,
                Key: keys.annotation(workspaceId, str(found, "id")),
                ConsistentRead: true,
              }),
            )
          ).Item,
      ),
    );
    using = reread.filter(
      (item): item is Item => item !== undefined && strs(item, "tags").includes(from),
    );
  }
  return changed;
}

/** Step 3: `from`'s children go under `into`, after the children it already has, in order. */
async function moveChildren(ctx: Context, workspaceId: string, from: string, into: string) {
  const tree = await loadTree(ctx, workspaceId);
  const moving = tree.children.get(from) ?? [];
  const siblings = [...(tree.children.get(into) ?? [])];
  let moved = 0;
  for (const child of moving) {
    const rank = rankAt(siblings, siblings.length);
    siblings.push({ ...child, rank });
    // A recorded move, conditional on the version read; a child already moved on (a retry, or
    // someone else's move) is left where it is.
    for (let attempt = 0; attempt < 3; attempt++) {
      const item = await readTag(ctx, workspaceId, child.id);
      if (!item || item.parentId !== from) break;
      const result = await History.changeItem(ctx, {
        kind: "code",
        item,
        set: { parentId: into, rank, updatedAt: ctx.now().toISOString() },
        action: "move",
        cause: `merge:${from}>${into}`,
      });
      if (result.ok) {
        moved++;
        break;
      }
    }
  }
  return moved;
}

/**
 * Step 5: for each document that counted `from`, the count of `into` is recounted from its
 * passages (re-tagging cannot know whether a passage already had `into` on a retry, so adding
 * would count twice), and `from`'s count is removed.
 */
async function recount(ctx: Context, workspaceId: string, from: string, into: string) {
  const documents = await queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.document],
    keep: (item) => from in numbers(item, "tagCounts"),
  });
  for (const doc of documents) {
    const passages = await queryAll(ctx, {
      index: "gsi1",
      partition: ["gsi1pk", documentAnnotationsPk(str(doc, "id"))],
      beginsWith: ["gsi1sk", prefixes.annotation],
      keep: (item) => strs(item, "tags").includes(into),
    });
    await writeIf(
      ctx,
      new UpdateCommand({
        TableName: ctx.table,
        Key: keys.document(workspaceId, str(doc, "id")),
        UpdateExpression: "SET tagCounts.#into = :n REMOVE tagCounts.#from",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#into": into, "#from": from },
        ExpressionAttributeValues: { ":n": passages.length },
      }),
    );
  }
}
