import { type Item, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";

/** A workspace as stored (`WS#<id>` / `META`); `ownerCount` is kept by the member functions. */
export interface WorkspaceItem {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

/** The item of a new workspace: its one owner is counted from the start. */
export function toItem(workspace: WorkspaceItem): Item {
  return { ...keys.workspace(workspace.id), ownerCount: 1, type: "workspace", ...workspace };
}

/** The stored shape of a workspace, parsed. */
export function fromItem(item: Item): WorkspaceItem {
  return {
    id: str(item, "id"),
    name: str(item, "name"),
    createdAt: str(item, "createdAt"),
    createdBy: str(item, "createdBy"),
  };
}
