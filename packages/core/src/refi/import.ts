/**
 * The REFI-QDA (.qdpx) project import: opening and checking the file, the synchronous import, the
 * background one (`startImport` → `runImport`, resumable) and the write loop they share. The
 * mappers it uses: `import-run.ts` (run state and plan), `import-source.ts` (documents and
 * passages), `import-links.ts` (links), `codes.ts`, `variables.ts`.
 */

import type { Context } from "../context/index.ts";
import { GlossError, isGlossError } from "../error/index.ts";
import { runTurn, type TurnOutcome } from "../job/index.ts";
import { readArchive } from "./archive.ts";
import { type CodePlan, writeCodes } from "./codes.ts";
import { importedId } from "./ids.ts";
import { writeLinks } from "./import-links.ts";
import { type OpenedProject, planRun, type Run, skip } from "./import-run.ts";
import { writeSource } from "./import-source.ts";
import { readProject } from "./project.ts";
import { getStoredRecord, lease, type RefiJob, saveRecord } from "./record.ts";
import type { RefiImportSummary } from "./schema.ts";
import { importVariables, readVariables } from "./variables.ts";

export { type OpenedProject, sha256Of } from "./import-run.ts";

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
