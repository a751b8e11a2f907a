import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { planCodes, writeCodes } from "./codes.ts";
import { sha256Of } from "./import.ts";
import { readCodebook } from "./project.ts";
import type { RefiImportSummary } from "./schema.ts";

/**
 * Imports a REFI-QDA codebook (.qdc) into a workspace's codebook: each code merges by name (case-
 * and accent-insensitive) into an existing one or is added; nested codes are added flat with their
 * place in the description. Bad XML or another root is a 422 with nothing written. Merging by name
 * makes a repeat a no-op: every code then merges.
 */
export async function importCodebook(
  ctx: Context,
  workspaceId: string,
  bytes: Uint8Array,
): Promise<RefiImportSummary> {
  const nodes = readCodebook(bytes);
  const plans = planCodes(nodes, await Codebook.list(ctx, workspaceId));
  await writeCodes(ctx, workspaceId, plans);
  const now = ctx.now().toISOString();
  const created = plans.filter((p) => !p.existingId).length;
  const unnamed = nodes.filter((n) => !n.name);
  return {
    importId: sha256Of(bytes),
    kind: "codebook",
    status: "done",
    repeated: created === 0 && plans.length > 0,
    origin: "",
    progress: { done: 1, total: 1 },
    imported: {
      documents: 0,
      codesCreated: created,
      codesMerged: plans.length - created,
      annotations: 0,
      notes: 0,
      links: 0,
    },
    codes: plans.map((p) => ({
      name: nodes.find((n) => n.guid === p.guid)?.name ?? p.label,
      tagId: p.id,
      action: p.existingId ? "merged" : "created",
      notice: p.notice,
    })),
    users: [],
    documents: [],
    skipped: unnamed.map((n) => ({
      kind: "code",
      ref: n.guid,
      name: "",
      reason: "a code without a name",
    })),
    skippedTotal: unnamed.length,
    failure: null,
    startedAt: now,
    updatedAt: now,
  };
}
