/**
 * REFI-QDA 1.0 XML (https://www.qdasoftware.org): the codebook (`.qdc`, namespace
 * urn:QDA-XML:codebook:1.0) and the project (`project.qde` inside a `.qdpx` zip, namespace
 * urn:QDA-XML:project:1.0), written as text pieces so a project streams source by source. Element
 * order follows the schema's sequences: Project = Users, CodeBook, Sources, Notes, Links;
 * TextSource = Description, PlainTextSelection*, NoteRef*; PlainTextSelection = Coding*, NoteRef*;
 * Note (a TextSourceType) = PlainTextContent, PlainTextSelection.
 * A passage's note is referenced twice, as the tools read it: by a NoteRef on its selection (the
 * standard's place, NVivo and MAXQDA) and by a NoteRef under the TextSource, with the Note holding
 * a PlainTextSelection at the passage's positions (QualCoder's importer only finds notes that way).
 * PlainTextSelection positions are character positions in the source's plain text, counted in
 * Unicode code points (not UTF-16 units): callers convert Gloss offsets first.
 */

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes element text. */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** Escapes an attribute value; line breaks and tabs as references, which parsers keep. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

function attrs(values: Record<string, string | number | boolean | null | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join("");
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

export interface RefiCode {
  guid: string;
  name: string;
  color: string;
  description: string;
  /** The enclosing code's guid; null (or a guid not among the codes written) at the top. */
  parentGuid: string | null;
}

/** A code with its children nested inside it (Description first, as both schemas order them). */
function codeXml(code: RefiCode, children: Map<string | null, RefiCode[]>, indent: string): string {
  const color = /^#[0-9a-fA-F]{6}$/.test(code.color) ? code.color.toUpperCase() : undefined;
  const description = code.description
    ? `<Description>${xmlText(code.description)}</Description>`
    : "";
  const open = `<Code${attrs({ guid: code.guid, name: code.name, isCodable: true, color })}>`;
  const nested = children.get(code.guid) ?? [];
  if (nested.length === 0) return `${indent}${open}${description}</Code>\n`;
  const inner = nested.map((c) => codeXml(c, children, `${indent}  `)).join("");
  return `${indent}${open}${description}\n${inner}${indent}</Code>\n`;
}

/** The codes as a nested `Codes` element, in the order given (tree order keeps siblings' order). */
function codesXml(codes: RefiCode[]): string {
  const guids = new Set(codes.map((c) => c.guid));
  const children = new Map<string | null, RefiCode[]>();
  for (const code of codes) {
    const parent = code.parentGuid && guids.has(code.parentGuid) ? code.parentGuid : null;
    const list = children.get(parent) ?? [];
    list.push(code);
    children.set(parent, list);
  }
  const top = (children.get(null) ?? []).map((c) => codeXml(c, children, "  ")).join("");
  return `<Codes>\n${top}</Codes>`;
}

/** A REFI-QDA codebook (.qdc). */
export function codebookQdc(codes: RefiCode[], origin: string): string {
  return `${XML_DECLARATION}<CodeBook xmlns="urn:QDA-XML:codebook:1.0"${attrs({ origin })}>\n${codesXml(codes)}\n</CodeBook>\n`;
}

export interface RefiUser {
  guid: string;
  name: string;
}

/** The project's opening: Users and CodeBook, then the Sources element is opened. */
export function projectStart(project: {
  name: string;
  origin: string;
  creatingUser: string;
  creationDateTime: string;
  users: RefiUser[];
  codes: RefiCode[];
  /** Variables and Cases (refi-variables.ts), which the schema puts between CodeBook and Sources. */
  beforeSources?: string;
}): string {
  const users = project.users.map((u) => `  <User${attrs({ guid: u.guid, name: u.name })}/>\n`);
  return `${XML_DECLARATION}<Project xmlns="urn:QDA-XML:project:1.0"${attrs({
    name: project.name,
    origin: project.origin,
    creatingUserGUID: project.creatingUser,
    creationDateTime: project.creationDateTime,
  })}>\n<Users>\n${users.join("")}</Users>\n<CodeBook>\n${codesXml(project.codes)}\n</CodeBook>\n${project.beforeSources ?? ""}<Sources>\n`;
}

export interface RefiSource {
  guid: string;
  name: string;
  /** `internal://<file>` for a file in the archive's `sources/` folder. */
  plainTextPath: string;
  description: string;
  creatingUser: string;
  creationDateTime: string;
}

export function textSourceStart(source: RefiSource): string {
  const description = source.description
    ? `<Description>${xmlText(source.description)}</Description>\n`
    : "";
  return `<TextSource${attrs({
    guid: source.guid,
    name: source.name,
    plainTextPath: source.plainTextPath,
    creatingUser: source.creatingUser,
    creationDateTime: source.creationDateTime,
  })}>\n${description}`;
}

/** Closes a TextSource, after its selections: NoteRefs to the notes on its passages. */
export function textSourceEnd(noteGuids: string[] = []): string {
  return `${noteGuids.map((g) => `<NoteRef targetGUID="${g}"/>\n`).join("")}</TextSource>\n`;
}
export const sourcesEnd = "</Sources>\n";

export interface RefiSelection {
  guid: string;
  name: string;
  /** Code point positions in the source's plain text; end exclusive. */
  startPosition: number;
  endPosition: number;
  creatingUser: string;
  creationDateTime: string;
  modifiedDateTime: string;
  codings: Array<{ guid: string; codeGuid: string }>;
  noteGuid: string | null;
}

export function selectionXml(s: RefiSelection): string {
  const codings = s.codings.map(
    (c) =>
      `<Coding${attrs({ guid: c.guid, creatingUser: s.creatingUser, creationDateTime: s.creationDateTime })}><CodeRef targetGUID="${c.codeGuid}"/></Coding>`,
  );
  const note = s.noteGuid ? `<NoteRef targetGUID="${s.noteGuid}"/>` : "";
  return `<PlainTextSelection${attrs({
    guid: s.guid,
    name: s.name,
    startPosition: s.startPosition,
    endPosition: s.endPosition,
    creatingUser: s.creatingUser,
    creationDateTime: s.creationDateTime,
    modifiedDateTime: s.modifiedDateTime,
  })}>${codings.join("")}${note}</PlainTextSelection>\n`;
}

export const notesStart = "<Notes>\n";
export const notesEnd = "</Notes>\n";

export interface RefiNote {
  guid: string;
  name: string;
  text: string;
  creatingUser: string;
  creationDateTime: string;
  modifiedDateTime: string;
  /** The passage the note is on (code point positions in its source), or null for a link's note. */
  selection: { guid: string; startPosition: number; endPosition: number } | null;
}

export function noteXml(note: RefiNote): string {
  const selection = note.selection
    ? `<PlainTextSelection${attrs({
        guid: note.selection.guid,
        startPosition: note.selection.startPosition,
        endPosition: note.selection.endPosition,
      })}/>`
    : "";
  return `<Note${attrs({
    guid: note.guid,
    name: note.name,
    creatingUser: note.creatingUser,
    creationDateTime: note.creationDateTime,
    modifyingUser: note.creatingUser,
    modifiedDateTime: note.modifiedDateTime,
  })}><PlainTextContent>${xmlText(note.text)}</PlainTextContent>${selection}</Note>\n`;
}

export interface RefiLink {
  guid: string;
  name: string;
  direction: "OneWay" | "Associative";
  originGuid: string;
  targetGuid: string;
  noteGuid: string | null;
}

export function linksXml(links: RefiLink[]): string {
  if (links.length === 0) return "";
  const items = links.map((l) => {
    const note = l.noteGuid ? `<NoteRef targetGUID="${l.noteGuid}"/>` : "";
    return `<Link${attrs({ guid: l.guid, name: l.name, direction: l.direction, originGUID: l.originGuid, targetGUID: l.targetGuid })}>${note}</Link>\n`;
  });
  return `<Links>\n${items.join("")}</Links>\n`;
}

export const projectEnd = "</Project>\n";

/** A selection's name: the start of its quote on one line, as QDA programs list selections. */
export function selectionName(quote: string): string {
  const line = quote.replace(/\s+/g, " ").trim();
  const chars = [...line];
  return chars.length > 60 ? `${chars.slice(0, 59).join("")}…` : line;
}
