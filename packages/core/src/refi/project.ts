import { GlossError } from "../error/index.ts";
import type { Archive } from "./archive.ts";
import { childOf, childrenOf, parseXml, type XmlElement } from "./xml.ts";

/**
 * A REFI-QDA project (project.qde, namespace urn:QDA-XML:project:1.0) read into plain data: the
 * parts Gloss can take in, and every other source with the reason it is left out. Pure: no I/O
 * beyond the archive already in memory.
 */
export interface ProjectModel {
  name: string;
  origin: string;
  users: ProjectUser[];
  codes: CodeNode[];
  sources: TextSourceModel[];
  skippedSources: Array<{ guid: string; name: string; reason: string }>;
  notes: Map<string, NoteModel>;
  links: LinkModel[];
}

export interface ProjectUser {
  guid: string;
  name: string;
  /** The optional `id` attribute: tools put an email or login there. */
  id: string;
}

/** A code of the codebook, nested codes flattened with their ancestors' names. */
export interface CodeNode {
  guid: string;
  name: string;
  color: string | null;
  description: string;
  isCodable: boolean;
  /** Names of the enclosing codes, outermost first; empty at the top level. */
  path: string[];
  /** The enclosing code's guid; null at the top level. */
  parentGuid: string | null;
}

export interface SelectionModel {
  guid: string;
  name: string;
  start: number;
  end: number;
  /** The selection's Description: MAXQDA and others write a coding memo there. */
  description: string;
  codeGuids: string[];
  noteGuids: string[];
  creatingUser: string;
}

export interface TextSourceModel {
  guid: string;
  name: string;
  description: string;
  /** The plain text as the file holds it (BOM removed). */
  text: string;
  selections: SelectionModel[];
  noteGuids: string[];
  /** Codings of the whole source (not of a passage). */
  wholeSourceCodings: number;
  creatingUser: string;
}

export interface NoteModel {
  guid: string;
  name: string;
  text: string;
  /** Where the note is in a source (QualCoder writes the passage's positions here). */
  selection: { guid: string; start: number; end: number; name: string } | null;
  user: string;
}

export interface LinkModel {
  guid: string;
  name: string;
  direction: string;
  originGuid: string;
  targetGuid: string;
  noteGuids: string[];
}

const decoder = new TextDecoder("utf-8");
const attr = (e: XmlElement, name: string) => e.attributes[name] ?? "";
const textOf = (e: XmlElement | undefined) => e?.text ?? "";
const refs = (e: XmlElement, name: string) =>
  childrenOf(e, name)
    .map((r) => attr(r, "targetGUID"))
    .filter(Boolean);
const norm = (guid: string) => guid.replace(/[{}]/g, "").toLowerCase();

/** Reads `internal://<file>` from the archive's sources folder; null for external paths. */
function internalFile(archive: Archive, path: string): Uint8Array | null | undefined {
  const match = /^internal:\/\/(.+)$/.exec(path);
  if (!match) return null;
  const file = match[1]!.replace(/^\/+/, "");
  return archive.get(`sources/${file}`) ?? archive.get(file);
}

const readText = (bytes: Uint8Array) => decoder.decode(bytes).replace(/^\uFEFF/, "");

/** Codes, nested ones flattened depth first with their path. */
export function readCodes(codes: XmlElement | undefined): CodeNode[] {
  const out: CodeNode[] = [];
  const walk = (element: XmlElement, path: string[], parentGuid: string | null) => {
    const name = attr(element, "name").trim();
    const guid = norm(attr(element, "guid"));
    out.push({
      guid,
      name,
      color: attr(element, "color") || null,
      description: textOf(childOf(element, "Description")).trim(),
      isCodable: attr(element, "isCodable") !== "false",
      path,
      parentGuid,
    });
    for (const child of childrenOf(element, "Code")) walk(child, [...path, name], guid);
  };
  for (const code of childrenOf(codes, "Code")) walk(code, [], null);
  return out;
}

function readSelection(e: XmlElement): SelectionModel {
  return {
    guid: norm(attr(e, "guid")),
    name: attr(e, "name"),
    start: Number(attr(e, "startPosition")),
    end: Number(attr(e, "endPosition")),
    description: textOf(childOf(e, "Description")).trim(),
    codeGuids: childrenOf(e, "Coding").flatMap((c) => refs(c, "CodeRef").map(norm)),
    noteGuids: refs(e, "NoteRef").map(norm),
    creatingUser: norm(attr(e, "creatingUser") || attr(e, "modifyingUser")),
  };
}

const OTHER_SOURCES: Record<string, string> = {
  PDFSource: "a PDF source: Gloss imports text sources only (upload the PDF itself as a document)",
  PictureSource: "a picture: Gloss annotates text only",
  AudioSource: "an audio recording: Gloss annotates text only (import its transcript as text)",
  VideoSource: "a video: Gloss annotates text only (import its transcript as text)",
};

/** Parses project.qde. Bad XML or a root other than Project is a 422 before anything is written. */
export function readProject(archive: Archive, qde: Uint8Array): ProjectModel {
  const root = parseXml(readText(qde), "project.qde");
  if (root.name !== "Project") {
    throw new GlossError(
      "invalid",
      "refi.not_a_project",
      `project.qde's root element is ${root.name}, not a REFI-QDA Project`,
    );
  }
  const origin = attr(root, "origin");
  const sources: TextSourceModel[] = [];
  const skippedSources: ProjectModel["skippedSources"] = [];
  const sourcesElement = childOf(root, "Sources");
  for (const [kind, elements] of sourcesElement?.children ?? []) {
    for (const e of elements) {
      const guid = norm(attr(e, "guid"));
      const name = attr(e, "name") || guid;
      if (kind !== "TextSource") {
        skippedSources.push({
          guid,
          name,
          reason: OTHER_SOURCES[kind] ?? `a ${kind}: not a text source`,
        });
        continue;
      }
      const inline = childOf(e, "PlainTextContent");
      const path = attr(e, "plainTextPath");
      let text: string | null = null;
      let reason = "";
      if (inline) text = inline.text;
      else if (path) {
        const bytes = internalFile(archive, path);
        if (bytes === null) reason = `its text is outside the archive (${path.slice(0, 200)})`;
        else if (bytes === undefined)
          reason = `its text file ${path.slice(0, 200)} is missing from the archive`;
        else text = readText(bytes);
      } else if (attr(e, "richTextPath")) {
        reason =
          "only a rich-text (DOCX) version, no plain text: REFI's positions count plain text";
      } else reason = "no text (neither PlainTextContent nor plainTextPath)";
      if (text === null) {
        skippedSources.push({ guid, name, reason });
        continue;
      }
      sources.push({
        guid,
        name,
        description: textOf(childOf(e, "Description")).trim(),
        text,
        selections: childrenOf(e, "PlainTextSelection").map(readSelection),
        noteGuids: refs(e, "NoteRef").map(norm),
        wholeSourceCodings: childrenOf(e, "Coding").length,
        creatingUser: norm(attr(e, "creatingUser")),
      });
    }
  }
  const notes = new Map<string, NoteModel>();
  for (const e of childrenOf(childOf(root, "Notes"), "Note")) {
    const guid = norm(attr(e, "guid"));
    const inline = childOf(e, "PlainTextContent");
    const path = attr(e, "plainTextPath");
    const file = inline ? undefined : path ? internalFile(archive, path) : undefined;
    const selection = childOf(e, "PlainTextSelection");
    notes.set(guid, {
      guid,
      name: attr(e, "name"),
      text: (inline
        ? inline.text
        : file
          ? readText(file)
          : textOf(childOf(e, "Description"))
      ).trim(),
      selection: selection
        ? {
            guid: norm(attr(selection, "guid")),
            start: Number(attr(selection, "startPosition")),
            end: Number(attr(selection, "endPosition")),
            name: attr(selection, "name"),
          }
        : null,
      user: norm(attr(e, "modifyingUser") || attr(e, "creatingUser")),
    });
  }
  return {
    name: attr(root, "name"),
    origin,
    users: childrenOf(childOf(root, "Users"), "User").map((u) => ({
      guid: norm(attr(u, "guid")),
      name: attr(u, "name"),
      id: attr(u, "id"),
    })),
    codes: readCodes(childOf(childOf(root, "CodeBook"), "Codes")),
    sources,
    skippedSources,
    notes,
    links: childrenOf(childOf(root, "Links"), "Link").map((l) => ({
      guid: norm(attr(l, "guid")),
      name: attr(l, "name"),
      direction: attr(l, "direction"),
      originGuid: norm(attr(l, "originGUID")),
      targetGuid: norm(attr(l, "targetGUID")),
      noteGuids: refs(l, "NoteRef").map(norm),
    })),
  };
}

/** Parses a codebook (.qdc, namespace urn:QDA-XML:codebook:1.0) into its codes. */
export function readCodebook(bytes: Uint8Array): CodeNode[] {
  const root = parseXml(readText(bytes), "the codebook");
  if (root.name !== "CodeBook") {
    throw new GlossError(
      "invalid",
      "refi.not_a_codebook",
      `the file's root element is ${root.name}, not a REFI-QDA CodeBook`,
    );
  }
  return readCodes(childOf(root, "Codes"));
}
