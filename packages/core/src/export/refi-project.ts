import type { Annotation } from "../annotation/index.ts";
import { isOneWay } from "../link/index.ts";
import { guidFor } from "./guid.ts";
import { CodePointIndex } from "./offsets.ts";
import * as Refi from "./refi.ts";
import { variablesAndCases } from "./refi-variables.ts";
import {
  type DocumentMeta,
  type ExportSource,
  FORMER_MEMBER,
  type VersionHashes,
} from "./source.ts";
import { zipStream } from "./zip.ts";

function refiCodes(source: ExportSource): Refi.RefiCode[] {
  return source.codes.map((t) => ({
    guid: guidFor("code", t.id),
    name: t.label,
    color: t.color,
    description: t.description,
    parentGuid: t.parentId ? guidFor("code", t.parentId) : null,
  }));
}

/** codebook.qdc: the codebook (or the filtered code) as a REFI-QDA codebook. */
export async function* codebookQdc(source: ExportSource): AsyncGenerator<string> {
  yield Refi.codebookQdc(refiCodes(source), "Gloss");
}

/** Whether an annotation's offsets refer to its document's current text. */
const placedOn = (a: Annotation, document: DocumentMeta) =>
  a.status === "anchored" && a.textVersion === document.textVersion;

/**
 * project.qde: users, codebook, every document in scope as a TextSource whose plain text is
 * `sources/<guid>.txt`, each annotation on the current text as a PlainTextSelection (code point
 * positions) with a Coding per code, notes as Notes, links as Links. Orphaned annotations have no
 * place in the current text and are left out. Notes are written in a second pass over the
 * annotations, since the schema puts them after all sources; the first pass keeps only each noted
 * passage's code point positions (a few numbers per note), not the notes themselves.
 */
async function* projectQde(
  source: ExportSource,
  options: { generatedAt: string },
): AsyncGenerator<string> {
  const members = new Set(source.memberList().map((m) => m.id));
  const userGuid = (userId: string) => guidFor("user", members.has(userId) ? userId : "former");
  const inCodebook = new Set(source.codes.map((c) => c.id));
  const links = await source.allLinks();
  const ends = new Set(links.flatMap((l) => [l.fromId, l.toId]));
  const exportedEnds = new Set<string>();
  const notedAt = new Map<string, { startPosition: number; endPosition: number }>();
  /** Passages written as a Note only (a note, no code): a link names the Note's selection. */
  const noteOnly = new Set<string>();
  const selectionGuid = (annotationId: string) =>
    guidFor(noteOnly.has(annotationId) ? "note-selection" : "selection", annotationId);
  const owner = source.memberList()[0];
  yield Refi.projectStart({
    name: source.workspaceName,
    origin: "Gloss",
    creatingUser: owner ? userGuid(owner.id) : guidFor("user", "former"),
    creationDateTime: options.generatedAt,
    users: [
      ...source.memberList().map((m) => ({ guid: userGuid(m.id), name: m.name })),
      { guid: guidFor("user", "former"), name: FORMER_MEMBER },
    ],
    codes: refiCodes(source),
    beforeSources: await variablesAndCases(source),
  });
  for await (const document of source.documents()) {
    // Sources without passages in scope are listed too: they are part of the corpus.
    yield sourceStart(document, userGuid, await source.hashesOf(document.id, document.textVersion));
    const noteRefs: string[] = [];
    let index: CodePointIndex | null = null;
    for await (const page of source.annotationsOf(document.id)) {
      if (!page.some((a) => placedOn(a, document))) continue;
      index ??= new CodePointIndex(await source.text(document.id, document.textVersion));
      const selections: string[] = [];
      for (const a of page) {
        if (!placedOn(a, document)) continue;
        if (ends.has(a.id)) exportedEnds.add(a.id);
        const startPosition = index.toCodePoint(a.start);
        const endPosition = index.toCodePoint(a.end);
        if (a.note) {
          notedAt.set(a.id, { startPosition, endPosition });
          noteRefs.push(guidFor("note", a.id));
        }
        const codings = a.tags
          .filter((t) => inCodebook.has(t))
          .map((t) => ({
            guid: guidFor("coding", `${a.id}:${t}`),
            codeGuid: guidFor("code", t),
          }));
        // A passage with a note and no code is the Note alone (with its PlainTextSelection, under
        // the source's NoteRef): a codeless PlainTextSelection beside it became a second, empty
        // annotation in QualCoder. Links to it name the Note's selection.
        if (codings.length === 0 && a.note) {
          noteOnly.add(a.id);
          continue;
        }
        selections.push(
          Refi.selectionXml({
            guid: guidFor("selection", a.id),
            name: Refi.selectionName(a.exact),
            startPosition,
            endPosition,
            creatingUser: userGuid(a.createdBy),
            creationDateTime: a.createdAt,
            modifiedDateTime: a.updatedAt,
            codings,
            noteGuid: a.note ? guidFor("note", a.id) : null,
          }),
        );
      }
      yield selections.join("");
    }
    yield Refi.textSourceEnd(noteRefs);
  }
  yield Refi.sourcesEnd;

  let notesOpen = false;
  const note = (xml: string) => {
    const opening = notesOpen ? "" : Refi.notesStart;
    notesOpen = true;
    return opening + xml;
  };
  for await (const page of source.annotationPages()) {
    const notes: string[] = [];
    for (const a of page) {
      const at = notedAt.get(a.id);
      if (!a.note || !at) continue;
      notes.push(
        note(
          Refi.noteXml({
            guid: guidFor("note", a.id),
            name: `Note on “${Refi.selectionName(a.exact)}”`,
            text: a.note,
            creatingUser: userGuid(a.createdBy),
            creationDateTime: a.createdAt,
            modifiedDateTime: a.updatedAt,
            selection: { guid: guidFor("note-selection", a.id), ...at },
          }),
        ),
      );
    }
    if (notes.length > 0) yield notes.join("");
  }
  const exportedLinks = links.filter((l) => exportedEnds.has(l.fromId) && exportedEnds.has(l.toId));
  for (const link of exportedLinks) {
    if (!link.note) continue;
    yield note(
      Refi.noteXml({
        guid: guidFor("note", link.id),
        name: `Note on a link (${link.relation})`,
        text: link.note,
        creatingUser: userGuid(link.createdBy),
        creationDateTime: link.createdAt,
        modifiedDateTime: link.createdAt,
        selection: null,
      }),
    );
  }
  if (notesOpen) yield Refi.notesEnd;
  yield Refi.linksXml(
    exportedLinks.map((l) => ({
      guid: guidFor("link", l.id),
      name: l.relation,
      direction: isOneWay(l.relation) ? "OneWay" : "Associative",
      originGuid: selectionGuid(l.fromId),
      targetGuid: selectionGuid(l.toId),
      noteGuid: l.note ? guidFor("note", l.id) : null,
    })),
  );
  yield Refi.projectEnd;
}

function sourceStart(
  document: DocumentMeta,
  userGuid: (id: string) => string,
  hashes: VersionHashes,
): string {
  const guid = guidFor("source", document.id);
  const description = [
    document.sourceUrl ? `Source: ${document.sourceUrl}` : "",
    document.publishedAt ? `Published: ${document.publishedAt}` : "",
    document.author ? `Author: ${document.author}` : "",
    `Gloss document ${document.id}, text version ${document.textVersion}`,
    hashes.textSha256 ? `Text SHA-256: ${hashes.textSha256}` : "",
    hashes.sourceSha256 ? `Original file SHA-256: ${hashes.sourceSha256}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return Refi.textSourceStart({
    guid,
    name: document.title,
    plainTextPath: `internal://${guid}.txt`,
    description,
    creatingUser: userGuid(document.createdBy),
    creationDateTime: document.createdAt,
  });
}

/** project.qdpx: a zip of project.qde and each source's canonical text as sources/<guid>.txt. */
export function projectQdpx(
  source: ExportSource,
  options: { generatedAt: string },
): AsyncGenerator<Uint8Array> {
  async function* entries() {
    yield { name: "project.qde", content: projectQde(source, options) };
    for await (const document of source.documents()) {
      const text = source.text(document.id, document.textVersion);
      yield {
        name: `sources/${guidFor("source", document.id)}.txt`,
        content: (async function* () {
          yield await text;
        })(),
      };
    }
  }
  return zipStream(entries(), new Date(options.generatedAt));
}
