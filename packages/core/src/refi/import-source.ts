/**
 * One REFI-QDA text source as a Gloss document with its passages: selections and notes placed in
 * the text, checked against Gloss's limits (each refusal skipped with its reason), then written.
 * Contract in `writeSource`; ids derive from the run, so writing a source again changes nothing.
 */
import {
  type ImportedCreator,
  MAX_NOTE_LENGTH,
  MAX_QUOTE_LENGTH,
  MAX_TAGS,
} from "../annotation/schema.ts";
import * as Document from "../document/index.ts";
import { importedId } from "./ids.ts";
import { notesFor, type Run, skip } from "./import-run.ts";
import { writePassages } from "./passages.ts";
import { SourceText } from "./place.ts";
import type { TextSourceModel } from "./project.ts";

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

/**
 * Plans a source's document and passages (placing, checking, counting, skipping with reasons) and,
 * with `write`, writes them. A resumed import plans the sources an earlier run wrote, so its
 * summary and the passages links refer to are whole, without writing them again.
 */
export async function writeSource(
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
