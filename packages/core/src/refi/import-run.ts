/**
 * The state of one REFI-QDA import run: what it has written, skipped and summarised so far, and
 * how it is planned (`planRun`: codes matched, users matched to members). Contract: a run is
 * planned the same way for a first start and a resumption, so ids derived from it agree.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ImportedCreator } from "../annotation/schema.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Workspace from "../workspace/index.ts";
import { type CodePlan, foldName, planCodes } from "./codes.ts";
import type { ProjectModel } from "./project.ts";
import type { StoredRecord } from "./record.ts";
import type { RefiImportSummary, SkippedItem } from "./schema.ts";
import type { readVariables } from "./variables.ts";

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export interface Run {
  ctx: Context;
  workspaceId: string;
  userId: string;
  sha: string;
  startedAtMs: number;
  model: ProjectModel;
  summary: RefiImportSummary;
  codeByGuid: Map<string, CodePlan>;
  authorOf: (refiUserGuid: string) => string;
  /** The project's User as attribution on what they made, when the project names them. */
  creatorOf: (refiUserGuid: string) => ImportedCreator | undefined;
  /** REFI selection GUID → Gloss annotation id, for links. */
  annotations: Map<string, string>;
  /** Notes attached to a passage (or a link) so far. */
  usedNotes: Set<string>;
  /** Notes an NVivo-style Link (Note → selection) puts on a passage, by selection GUID. */
  noteLinks: Map<string, string[]>;
  /** The project's Variables and Cases, taken in as attributes once the documents exist. */
  variables?: ReturnType<typeof readVariables>;
  /**
   * The passages' history cause (annotation/bulk.ts): the import's id when a leased worker runs
   * it (one at a time, so a resumed run completes what a crashed one recorded), with a random
   * part for a synchronous import, which two requests may run at once.
   */
  cause: string;
}

export const skip = (run: Run, item: SkippedItem) => {
  run.summary.skipped.push(item);
  run.summary.skippedTotal += 1;
};

/** A project file read and checked: refused (4xx) before anything is written. */
export interface OpenedProject {
  sha: string;
  model: ProjectModel;
  /** The project's Variables and Cases, read from the same project.qde. */
  variables: ReturnType<typeof readVariables>;
}

/**
 * Plans an import (and its resumption): the summary starts from nothing, but an import that ran
 * before keeps its first start (the ids derive from it) and what it said of the codes (the codes it
 * created now exist, and would otherwise count as merged).
 */
export async function planRun(
  ctx: Context,
  workspaceId: string,
  userId: string,
  { sha, model, variables }: OpenedProject,
  previous: StoredRecord | null,
): Promise<{ run: Run; plans: CodePlan[] }> {
  const [members, tags] = await Promise.all([
    Workspace.listMembers(ctx, workspaceId),
    Codebook.list(ctx, workspaceId),
  ]);
  const now = ctx.now().toISOString();
  const startedAt = previous ? previous.state.startedAt : now;
  const plans = planCodes(model.codes, tags);
  const users = model.users.map((u) => ({ name: u.name, memberId: matchMember(u, members) }));
  const userByGuid = new Map(model.users.map((u, i) => [u.guid, users[i]!.memberId]));
  const summary: RefiImportSummary = {
    importId: sha,
    kind: "project",
    status: "running",
    repeated: false,
    origin: model.origin,
    progress: { done: 0, total: model.sources.length },
    imported: { documents: 0, codesCreated: 0, codesMerged: 0, annotations: 0, notes: 0, links: 0 },
    codes: plans.map((p) => ({
      name: model.codes.find((c) => c.guid === p.guid)?.name ?? p.label,
      tagId: p.id,
      action: p.existingId ? "merged" : "created",
      notice: p.notice,
    })),
    users,
    documents: [],
    skipped: [],
    skippedTotal: 0,
    failure: null,
    startedAt,
    updatedAt: now,
  };
  if (previous && previous.state.codes.length === summary.codes.length) {
    summary.codes = previous.state.codes;
  }
  summary.imported.codesCreated = summary.codes.filter((c) => c.action === "created").length;
  summary.imported.codesMerged = summary.codes.length - summary.imported.codesCreated;
  const run: Run = {
    ctx,
    workspaceId,
    userId,
    sha,
    startedAtMs: Date.parse(startedAt),
    model,
    summary,
    codeByGuid: new Map(plans.map((p) => [p.guid, p])),
    authorOf: (guid) => userByGuid.get(guid) ?? userId,
    creatorOf: (guid) => {
      const user = model.users.find((u) => u.guid === guid);
      return user ? { id: guid, name: user.name, tool: "REFI-QDA" } : undefined;
    },
    annotations: new Map(),
    usedNotes: new Set(),
    noteLinks: new Map(),
    variables,
    cause: `refi.import:${sha}:${randomBytes(8).toString("hex")}`,
  };
  for (const code of model.codes) {
    if (!code.name)
      skip(run, { kind: "code", ref: code.guid, name: "", reason: "a code without a name" });
  }
  for (const s of model.skippedSources)
    skip(run, { kind: "source", ref: s.guid, name: s.name, reason: s.reason });
  return { run, plans };
}

/** A REFI user as a workspace member: by email (`id`, or a name that is one), then by name. */
function matchMember(
  user: { name: string; id: string },
  members: Array<{ userId: string; name: string; email: string | null }>,
): string | null {
  const emails = [user.id, user.name]
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v.includes("@"));
  const byEmail = members.find((m) => m.email && emails.includes(m.email.toLowerCase()));
  if (byEmail) return byEmail.userId;
  const name = foldName(user.name);
  const byName = members.filter((m) => name && foldName(m.name) === name);
  return byName.length === 1 ? byName[0]!.userId : null;
}

/** Joins the notes of a passage; one over Gloss's limit is left out with its reason. */
export function notesFor(
  run: Run,
  guids: string[],
  extra: string[],
  ref: string,
  max: number,
): string {
  const parts = extra.filter(Boolean);
  for (const guid of guids) {
    const note = run.model.notes.get(guid);
    if (!note || run.usedNotes.has(guid)) continue;
    run.usedNotes.add(guid);
    if (note.text) parts.push(note.text);
  }
  const text = parts.join("\n\n");
  if (text.length > max) {
    skip(run, {
      kind: "note",
      ref,
      name: "",
      reason: `the notes on this passage are ${text.length} characters; Gloss keeps at most ${max}`,
    });
    return "";
  }
  if (text) run.summary.imported.notes += parts.length;
  return text;
}
