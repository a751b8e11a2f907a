import type { Context } from "../context/index.ts";
import { type Item, num, optNum, optStr, str } from "../db/items.ts";
import { keys, prefixes, workspacePk } from "../db/keys.ts";
import { queryAll } from "../db/page.ts";
import type { TreeNode } from "./tree.ts";

/**
 * A code as stored (`WS#<ws>` / `TAG#<id>`). `rank` is null on codes from before the tree (the
 * migration gives them one); `mergingInto` is set while the code is being merged away.
 */
export interface TagItem {
  id: string;
  label: string;
  color: string;
  description: string;
  parentId: string | null;
  rank: number | null;
  mergingInto: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The stored shape of a code, parsed; every read of a code item goes through here. */
export function fromItem(item: Item): TagItem {
  return {
    ...nodeOf(item),
    rank: optNum(item, "rank"),
    color: str(item, "color"),
    description: optStr(item, "description") ?? "",
    mergingInto: optStr(item, "mergingInto"),
    createdAt: str(item, "createdAt"),
    updatedAt: str(item, "updatedAt"),
    version: num(item, "version"),
  };
}

/** The item of a new code (version 1), as create, the seed and the migration write it. */
export function toItem(
  workspaceId: string,
  tag: Omit<TagItem, "mergingInto" | "version" | "rank"> & { rank: number },
): Item {
  return { ...keys.tag(workspaceId, tag.id), type: "tag", workspaceId, ...tag, version: 1 };
}

/** What the tree needs of a stored code; a code from before the tree has no parent and rank 0. */
export function nodeOf(item: Item): TreeNode {
  return {
    id: str(item, "id"),
    label: str(item, "label"),
    parentId: optStr(item, "parentId"),
    rank: optNum(item, "rank") ?? 0,
  };
}

/**
 * The stored code items of a workspace (Query `WS#<id>`, `TAG#` prefix), read strongly
 * consistent: a move checks the tree it is about to change and the tree it has just changed, and
 * a racing move's write must be visible to that check. A codebook is a few KB, so the doubled
 * read cost is nothing.
 */
export async function codeItems(ctx: Context, workspaceId: string): Promise<Item[]> {
  return queryAll(ctx, {
    partition: ["pk", workspacePk(workspaceId)],
    beginsWith: ["sk", prefixes.tag],
    consistent: true,
  });
}
