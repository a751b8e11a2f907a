/**
 * The links of a REFI-QDA project as Gloss links between the passages imported: a link whose ends
 * are not two imported passages, or that Gloss refuses, is skipped with its reason. Contract: runs
 * after every source is planned (it needs `run.annotations` whole); link ids derive from the run.
 */

import { isGlossError } from "../error/index.ts";
import * as Link from "../link/index.ts";
import { foldName } from "./codes.ts";
import { importedId } from "./ids.ts";
import { notesFor, type Run, skip } from "./import-run.ts";

/** A link's note in Gloss is at most 2,000 characters (link/schema.ts). */
const MAX_LINK_NOTE = 2_000;
/** A REFI link's name as a Gloss relation ("same incident" → same-incident), else `related`. */
function relationOf(name: string): Link.Relation | null {
  const slug = foldName(name)
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "");
  const relation = Link.Relation.safeParse(slug);
  return relation.success ? relation.data : null;
}

export async function writeLinks(run: Run): Promise<void> {
  const { ctx, workspaceId, model, summary } = run;
  for (const link of model.links) {
    if (model.notes.has(link.originGuid) || model.notes.has(link.targetGuid)) {
      if (run.usedNotes.has(link.originGuid) || run.usedNotes.has(link.targetGuid)) continue;
    }
    const fromId = run.annotations.get(link.originGuid);
    const toId = run.annotations.get(link.targetGuid);
    if (!fromId || !toId) {
      skip(run, {
        kind: "link",
        ref: link.guid,
        name: link.name,
        reason:
          "its ends are not two imported passages (Gloss links passages; this one joins codes, sources or a skipped passage)",
      });
      continue;
    }
    const relation = relationOf(link.name);
    const named = relation || !link.name ? [] : [`Link “${link.name}” in the source project.`];
    const note = notesFor(run, link.noteGuids, named, link.guid, MAX_LINK_NOTE);
    try {
      await Link.create(
        ctx,
        workspaceId,
        run.authorOf(""),
        { fromId, toId, relation: relation ?? "related", ...(note ? { note } : {}) },
        { id: importedId("lnk", run.startedAtMs, workspaceId, run.sha, `link:${link.guid}`) },
      );
      summary.imported.links += 1;
    } catch (error) {
      if (!isGlossError(error, "invalid") && !isGlossError(error, "conflict")) throw error;
      skip(run, { kind: "link", ref: link.guid, name: link.name, reason: error.message });
    }
  }
}
