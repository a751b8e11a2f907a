import { createHash, randomBytes } from "node:crypto";
import {
  type ImportedCreator,
  MAX_NOTE_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_TAGS,
} from "../annotation/schema.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import * as Document from "../document/index.ts";
import { GlossError, isGlossError } from "../error/index.ts";
import { runTurn, type TurnOutcome } from "../job/index.ts";
import * as Link from "../link/index.ts";
import * as Workspace from "../workspace/index.ts";
import { readArchive } from "./archive.ts";
import { type CodePlan, foldName, planCodes, writeCodes } from "./codes.ts";
import { importedId } from "./ids.ts";
import { writePassages } from "./passages.ts";
import { SourceText } from "./place.ts";
import { type ProjectModel, readProject, type TextSourceModel } from "./project.ts";
import { getStoredRecord, lease, type RefiJob, type StoredRecord, saveRecord } from "./record.ts";
import type { RefiImportSummary, SkippedItem } from "./schema.ts";
import { importVariables, readVariables } from "./variables.ts";

/** A link's note in Gloss is at most 2,000 characters (link/schema.ts). */
const MAX_LINK_NOTE = 2_000;

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Run {
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

const skip = (run: Run, item: SkippedItem) => {
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
 * Reads a .qdpx. Everything that makes the file unusable is refused here: not a zip (415), too
 * large when inflated (413), no project.qde or bad XML (422). The id is the SHA-256 of the
 * archive's contents, so a re-zipped file is the same import.
 */
export async function openProject(bytes: Uint8Array): Promise<OpenedProject> {
  const archive = await readArchive(bytes);
  const qde = archive.projectFile();
  if (!qde) {
    throw new GlossError(
      "invalid",
      "refi.no_project",
      "the archive has no project.qde: a .qdpx holds the project's XML at its top level",
    );
  }
  return {
    sha: archive.digest(),
    model: readProject(archive, qde.bytes),
    variables: readVariables(new TextDecoder().decode(qde.bytes).replace(/^\uFEFF/, "")),
  };
}

/**
 * Imports a REFI-QDA project (.qdpx) into a workspace and answers when done. Keyed by the SHA-256
 * of the archive's contents: codes (merged by name into existing ones), each text source as a
 * document with its passages, notes and links. Every id is derived from (workspace, file digest,
 * the import's first start, REFI GUID), so a repeated file returns the first import's summary and
 * an interrupted one, run again, completes without duplicates. Large files go through
 * `startImport` instead, which a background worker (`runImport`) completes.
 */
export async function importProject(
  ctx: Context,
  workspaceId: string,
  userId: string,
  bytes: Uint8Array,
): Promise<RefiImportSummary> {
  const project = await openProject(bytes);
  const previous = await getStoredRecord(ctx, workspaceId, project.sha);
  if (previous?.state.status === "done") return { ...previous.state, repeated: true };
  const { run, plans } = await planRun(ctx, workspaceId, userId, project, previous);
  await saveRecord(ctx, workspaceId, run.summary);
  try {
    await write(run, plans, {});
  } catch (error) {
    await markFailed(run, error);
    throw error;
  }
  return run.summary;
}

/**
 * Plans an import (and its resumption): the summary starts from nothing, but an import that ran
 * before keeps its first start (the ids derive from it) and what it said of the codes (the codes it
 * created now exist, and would otherwise count as merged).
 */
async function planRun(
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

/** Records why an import stopped; posting the file again resumes it (ids are derived). */
async function markFailed(run: Run, error: unknown, owner?: string): Promise<void> {
  const { ctx, workspaceId, summary } = run;
  summary.status = "failed";
  summary.failure = isGlossError(error)
    ? error.message
    : "the import stopped on a storage error; run it again to finish";
  summary.updatedAt = ctx.now().toISOString();
  await saveRecord(ctx, workspaceId, summary, owner ? { owner } : {}).catch(() => {});
}

/**
 * Starts the import of a project uploaded to storage, to be completed in the background: checks
 * the file (4xx as `importProject`), records the job in the import's record and hands it to the
 * ingest function through storage (`dispatch`). A running import whose worker is alive is left
 * to it; a stalled or failed one is handed out again, and resumes where it stopped.
 */
export async function startImport(
  ctx: Context,
  workspaceId: string,
  job: RefiJob,
  bytes: Uint8Array,
  dispatch: (importId: string) => Promise<void>,
): Promise<RefiImportSummary> {
  const project = await openProject(bytes);
  const previous = await getStoredRecord(ctx, workspaceId, project.sha);
  if (previous?.state.status === "done") return { ...previous.state, repeated: true };
  if (previous?.state.status === "running" && !previous.stalled && previous.job) {
    return previous.state;
  }
  const { run } = await planRun(ctx, workspaceId, job.userId, project, previous);
  if (previous) {
    // Resumed: the poll keeps showing how far it got until the worker catches up.
    run.summary.progress.done = previous.state.progress.done;
  }
  await saveRecord(ctx, workspaceId, run.summary, { job });
  await dispatch(project.sha);
  return run.summary;
}

/** How a background run ended: finished, handed on (time ran out), or not this worker's to run. */
export type RunOutcome = TurnOutcome;

/**
 * Runs (or resumes) a background import as the worker `owner`: claims the record, reads the file
 * again, and writes from the first source not yet written, beating the record's heart after each.
 * Stops after the source that passes `deadline` (epoch ms), leaving the rest to `continued` (the
 * caller hands the job on). A storage error lets go of the import and is thrown, so the caller's
 * retry resumes it; a file that became unusable fails the import.
 */
export async function runImport(
  ctx: Context,
  workspaceId: string,
  importId: string,
  readFile: (uploadId: string) => Promise<Uint8Array>,
  options: { owner: string; deadline?: number },
): Promise<RunOutcome> {
  const record = await getStoredRecord(ctx, workspaceId, importId);
  const job = record?.job;
  if (!record || !job || record.state.status !== "running") return "not_running";
  const { owner } = options;
  return runTurn(ctx, lease, workspaceId, importId, owner, async () => {
    let run: Run | undefined;
    try {
      const project = await openProject(await readFile(job.uploadId));
      const planned = await planRun(ctx, workspaceId, job.userId, project, record);
      run = planned.run;
      run.cause = `refi.import:${importId}`;
      return await write(run, planned.plans, {
        owner,
        resumeFrom: record.state.progress.done,
        ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      });
    } catch (error) {
      // A file that became unusable fails the import; a storage error is the turn's to retry.
      if (isGlossError(error) && !lease.isTakenOver(error) && run) {
        await markFailed(run, error, owner);
        return "done";
      }
      throw error;
    }
  });
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

interface WriteOptions {
  /** The worker holding the import: every record write is conditional on it. */
  owner?: string;
  /** Sources before this index were written by an earlier run: planned again, not written. */
  resumeFrom?: number;
  /** Epoch ms after which no new source is started (the rest is `continued`). */
  deadline?: number;
}

async function write(
  run: Run,
  plans: CodePlan[],
  options: WriteOptions,
): Promise<"done" | "continued"> {
  const { ctx, workspaceId, model, summary } = run;
  const owner = options.owner ? { owner: options.owner } : {};
  const resumeFrom = options.resumeFrom ?? 0;
  await writeCodes(ctx, workspaceId, plans);
  const selections = new Set(model.sources.flatMap((s) => s.selections.map((x) => x.guid)));
  for (const link of model.links) {
    // NVivo keeps a passage's annotation as a Note linked to its selection.
    const [note, selection] = model.notes.has(link.originGuid)
      ? [link.originGuid, link.targetGuid]
      : [link.targetGuid, link.originGuid];
    if (model.notes.has(note) && selections.has(selection)) {
      run.noteLinks.set(selection, [...(run.noteLinks.get(selection) ?? []), note]);
    }
  }
  for (const [index, source] of model.sources.entries()) {
    const written = index < resumeFrom;
    // At least one source per run, so handing on always makes progress.
    const wroteOne = index > resumeFrom;
    const late = options.deadline !== undefined && ctx.now().getTime() > options.deadline;
    if (!written && wroteOne && late) {
      summary.updatedAt = ctx.now().toISOString();
      await saveRecord(ctx, workspaceId, summary, owner);
      return "continued";
    }
    await writeSource(run, source, { write: !written });
    summary.progress.done = index + 1;
    summary.updatedAt = ctx.now().toISOString();
    if (!written) await saveRecord(ctx, workspaceId, summary, owner);
  }
  await writeLinks(run);
  if (run.variables) {
    const imported = new Set(model.sources.map((s) => s.guid));
    const documentOf = (guid: string) =>
      imported.has(guid)
        ? importedId("doc", run.startedAtMs, workspaceId, run.sha, `source:${guid}`)
        : null;
    for (const item of await importVariables(ctx, workspaceId, run.variables, documentOf))
      skip(run, item);
  }
  for (const note of model.notes.values()) {
    if (run.usedNotes.has(note.guid)) continue;
    skip(run, {
      kind: "note",
      ref: note.guid,
      name: note.name,
      reason:
        "a memo not attached to any passage (a project journal or a memo on a code or source): Gloss keeps notes on passages",
    });
  }
  summary.status = "done";
  summary.updatedAt = ctx.now().toISOString();
  await saveRecord(ctx, workspaceId, summary, owner);
  return "done";
}

/** Reads back the description our own export writes, so a round trip keeps the metadata. */
function metadataOf(description: string) {
  const line = (label: string) =>
    new RegExp(`^${label}: (.+)$`, "m").exec(description)?.[1]?.trim() || undefined;
  const url = line("Source");
  return {
    sourceUrl: url && /^https?:\/\/\S+$/.test(url) ? url : undefined,
    publishedAt: line("Published"),
    author: line("Author"),
  };
}

interface Planned {
  key: string;
  guid: string;
  name: string;
  start: number;
  end: number;
  tags: string[];
  note: string;
  author: string;
  creator: ImportedCreator | undefined;
}

/** Joins the notes of a passage; one over Gloss's limit is left out with its reason. */
function notesFor(run: Run, guids: string[], extra: string[], ref: string, max: number): string {
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

/**
 * Plans a source's document and passages (placing, checking, counting, skipping with reasons) and,
 * with `write`, writes them. A resumed import plans the sources an earlier run wrote, so its
 * summary and the passages links refer to are whole, without writing them again.
 */
async function writeSource(
  run: Run,
  source: TextSourceModel,
  options: { write: boolean },
): Promise<void> {
  const { ctx, workspaceId, summary } = run;
  // ATLAS.ti writes sources with CR LF but counts each line break as one character (QualCoder's
  // importer makes the same exception); every other writer counts the file's characters.
  const raw = /atlas\.?ti/i.test(run.model.origin)
    ? source.text.replace(/\r\n/g, "\n")
    : source.text;
  const text = new SourceText(raw);
  if (!text.canonical) {
    skip(run, { kind: "source", ref: source.guid, name: source.name, reason: "its text is empty" });
    return;
  }
  const { maxTextLength } = Document.limits();
  if (text.canonical.length > maxTextLength) {
    skip(run, {
      kind: "source",
      ref: source.guid,
      name: source.name,
      reason: `its text is ${text.canonical.length} characters; the limit is ${maxTextLength}`,
    });
    return;
  }
  const planned: Planned[] = [];
  const sourceNotes = new Set(source.noteGuids);
  for (const s of source.selections) {
    const where = text.place(s.start, s.end, s.name);
    if ("reason" in where) {
      skip(run, { kind: "selection", ref: s.guid, name: s.name, reason: where.reason });
      continue;
    }
    if (where.end - where.start > MAX_QUOTE_LENGTH) {
      skip(run, {
        kind: "selection",
        ref: s.guid,
        name: s.name,
        reason: `the passage is ${where.end - where.start} characters; Gloss keeps passages of at most ${MAX_QUOTE_LENGTH}`,
      });
      continue;
    }
    const tags: string[] = [];
    for (const guid of s.codeGuids) {
      const plan = run.codeByGuid.get(guid);
      if (!plan) {
        skip(run, {
          kind: "coding",
          ref: s.guid,
          name: s.name,
          reason: `its code ${guid} is not in the codebook`,
        });
      } else if (!tags.includes(plan.id)) tags.push(plan.id);
    }
    if (tags.length > MAX_TAGS) {
      skip(run, {
        kind: "coding",
        ref: s.guid,
        name: s.name,
        reason: `${tags.length} codes on one passage; Gloss keeps the first ${MAX_TAGS}`,
      });
      tags.length = MAX_TAGS;
    }
    // QualCoder: a Note referenced from the source whose selection is this passage's range.
    const sameRange = [...sourceNotes].filter((g) => {
      const at = run.model.notes.get(g)?.selection;
      return at && at.start === s.start && at.end === s.end;
    });
    const note = notesFor(
      run,
      [...s.noteGuids, ...sameRange, ...(run.noteLinks.get(s.guid) ?? [])],
      [s.description],
      s.guid,
      MAX_NOTE_LENGTH,
    );
    if (tags.length === 0 && !note) {
      skip(run, {
        kind: "selection",
        ref: s.guid,
        name: s.name,
        reason: "no code and no note on it: Gloss keeps passages that are coded or annotated",
      });
      continue;
    }
    planned.push({
      key: `selection:${s.guid}`,
      guid: s.guid,
      name: s.name,
      ...where,
      tags,
      note,
      author: run.authorOf(s.creatingUser),
      creator: run.creatorOf(s.creatingUser),
    });
  }
  for (const guid of sourceNotes) {
    const note = run.model.notes.get(guid);
    if (!note || run.usedNotes.has(guid)) continue;
    if (!note.selection) {
      run.usedNotes.add(guid);
      skip(run, {
        kind: "note",
        ref: guid,
        name: note.name,
        reason: "a memo on the whole source: Gloss keeps notes on passages",
      });
      continue;
    }
    const where = text.place(note.selection.start, note.selection.end, note.selection.name);
    if ("reason" in where) {
      run.usedNotes.add(guid);
      skip(run, { kind: "note", ref: guid, name: note.name, reason: where.reason });
      continue;
    }
    const body = notesFor(run, [guid], [], guid, MAX_NOTE_LENGTH);
    if (body)
      planned.push({
        key: `note:${guid}`,
        guid,
        name: note.name,
        ...where,
        tags: [],
        note: body,
        author: run.authorOf(note.user),
        creator: run.creatorOf(note.user),
      });
  }
  if (source.wholeSourceCodings > 0) {
    skip(run, {
      kind: "coding",
      ref: source.guid,
      name: source.name,
      reason: `${source.wholeSourceCodings} coding(s) of the whole source: Gloss codes passages, not documents`,
    });
  }

  const documentId = importedId(
    "doc",
    run.startedAtMs,
    workspaceId,
    run.sha,
    `source:${source.guid}`,
  );
  const fileName = `${source.name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, "-").slice(0, 200) || "source"}.txt`;
  const title = [...(source.name.trim() || "Untitled source")].slice(0, 300).join("");
  const passages = planned.map((p) => ({
    id: importedId("ann", run.startedAtMs, workspaceId, run.sha, p.key),
    start: p.start,
    end: p.end,
    tags: p.tags,
    note: p.note,
    createdBy: p.author,
    importedCreator: p.creator,
  }));
  for (const [i, p] of planned.entries()) {
    run.annotations.set(p.guid, passages[i]!.id);
    // A link may name a note-only passage by the Note's own selection (Gloss's export does).
    const at = p.key.startsWith("note:") ? run.model.notes.get(p.guid)?.selection : undefined;
    if (at?.guid) run.annotations.set(at.guid, passages[i]!.id);
  }
  summary.imported.documents += 1;
  summary.imported.annotations += passages.length;
  if (!options.write) {
    summary.documents.push({ id: documentId, title });
    return;
  }
  const document = await Document.create(
    ctx,
    workspaceId,
    run.authorOf(source.creatingUser),
    {
      title,
      text: text.canonical,
      ...metadataOf(source.description),
      original: {
        bytes: new TextEncoder().encode(source.text),
        fileName,
        contentType: "text/plain; charset=utf-8",
      },
    },
    { id: documentId },
  );
  summary.documents.push({ id: document.id, title: document.title });
  await writePassages(ctx, workspaceId, document, text.canonical, passages, run.cause);
}

/** A REFI link's name as a Gloss relation ("same incident" → same-incident), else `related`. */
function relationOf(name: string): Link.Relation | null {
  const slug = foldName(name)
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "");
  const relation = Link.Relation.safeParse(slug);
  return relation.success ? relation.data : null;
}

async function writeLinks(run: Run): Promise<void> {
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
