import { strToU8, zipSync } from "fflate";
import type { TestApp } from "../support/app.ts";

/**
 * REFI-QDA projects shaped as other programs write them, built from the standard (Project-
 * mrt2019.xsd) and from what QualCoder's importer and exporter (refi.py) read and write. Each
 * helper gives code point positions, as the standard counts them, of a quote in a text.
 */

/** Code point positions of the `nth` occurrence of `quote` in `text`. */
export function cp(text: string, quote: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  if (at === -1) throw new Error(`not in the text: ${quote}`);
  const start = [...text.slice(0, at)].length;
  return { start, end: start + [...quote].length };
}

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function qdpx(qde: string, files: Record<string, string | Uint8Array> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { "project.qde": strToU8(qde) };
  for (const [name, content] of Object.entries(files)) {
    entries[name] = typeof content === "string" ? strToU8(content) : content;
  }
  return zipSync(entries);
}

const G = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** An interview with an emoji and a mathematical letter (astral: 2 UTF-16 units) and Arabic. */
export const INTERVIEW = [
  "Interview 😀 with Amal, 12 March.",
  "تم احتجازنا في المجمع لمدة ثلاثة أشهر 𝒜 and the guards took every passport.",
  "She said the broker promised work in a hotel.",
].join("\n\n");

/**
 * QualCoder: sources in `Sources/`, selection names are the selected text, a coding memo in the
 * selection's Description, an annotation as a Note referenced from the TextSource with a
 * PlainTextSelection at its positions; nested codes (sub-codes) inside their parent Code.
 */
export function qualcoderProject(): Uint8Array {
  const text = INTERVIEW;
  const arabic = cp(text, "تم احتجازنا في المجمع");
  const passport = cp(text, "the guards took every passport");
  const broker = cp(text, "the broker promised work");
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="QualCoder 3.6" creatingUserGUID="${G(1)}" creationDateTime="2024-05-01T10:00:00Z">
<Users><User guid="${G(1)}" name="Local owner"/><User guid="${G(2)}" name="colin"/></Users>
<CodeBook><Codes>
<Code guid="${G(10)}" name="Detention" isCodable="true" color="#AA0000"><Description>Held against their will</Description>
<Code guid="${G(11)}" name="Confiscated documents" isCodable="true" color="#0a0"/></Code>
<Code guid="${G(12)}" name="forced LABOUR" isCodable="true" color="#123456"/>
</Codes></CodeBook>
<Sources>
<TextSource guid="${G(20)}" name="Amal interview" plainTextPath="internal://${G(20)}.txt" creatingUser="${G(2)}" creationDateTime="2024-05-01T10:00:00Z">
<PlainTextSelection guid="${G(30)}" name="تم احتجازنا في المجمع" startPosition="${arabic.start}" endPosition="${arabic.end}" creatingUser="${G(2)}" creationDateTime="2024-05-01T10:00:00Z"><Description>Detained three months</Description><Coding guid="${G(31)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(10)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(32)}" name="the guards took every passport" startPosition="${passport.start}" endPosition="${passport.end}" creatingUser="${G(2)}"><Coding guid="${G(33)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(11)}"/></Coding><Coding guid="${G(34)}" creatingUser="${G(2)}"><CodeRef targetGUID="${G(12)}"/></Coding></PlainTextSelection>
<NoteRef targetGUID="${G(40)}"/>
</TextSource>
</Sources>
<Notes>
<Note guid="${G(40)}" creatingUser="${G(2)}" modifyingUser="${G(2)}" modifiedDateTime="2024-05-02T10:00:00Z"><PlainTextContent>Broker named "Ko" &amp; partners</PlainTextContent><PlainTextSelection guid="${G(41)}" startPosition="${broker.start}" endPosition="${broker.end}"/></Note>
<Note guid="${G(42)}" name="Journal: first week" creatingUser="${G(1)}" creationDateTime="2024-05-03T10:00:00Z"><PlainTextContent>Reflections</PlainTextContent></Note>
</Notes>
</Project>`;
  return qdpx(qde, { [`Sources/${G(20)}.txt`]: text });
}

/**
 * NVivo: upper-case GUIDs, Windows line endings in the source file (positions count CR LF as two
 * characters), an annotation as a Note whose text is a file, linked to its selection by a Link
 * (originGUID = the Note); PDF and picture sources beside the text.
 */
export function nvivoProject(): Uint8Array {
  const text = INTERVIEW.replaceAll("\n", "\r\n");
  const passport = cp(text, "the guards took every passport");
  const U = (n: number) => G(n).toUpperCase();
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo project" origin="NVivo 14">
<Users><User guid="${U(1)}" name="Researcher" id="amal@example.org"/></Users>
<CodeBook><Codes><Code guid="${U(10)}" name="Torture and ill-treatment" isCodable="true" color="#ff00ff"/></Codes></CodeBook>
<Sources>
<TextSource guid="${U(20)}" name="Amal (Windows)" plainTextPath="internal://${U(20)}.txt" richTextPath="internal://${U(20)}.docx" creatingUser="${U(1)}">
<PlainTextSelection guid="${U(30)}" name="" startPosition="${passport.start}" endPosition="${passport.end}" creatingUser="${U(1)}"><Coding guid="${U(31)}" creatingUser="${U(1)}"><CodeRef targetGUID="${U(10)}"/></Coding></PlainTextSelection>
</TextSource>
<PDFSource guid="${U(21)}" name="UN report.pdf" path="internal://${U(21)}.pdf"/>
<PictureSource guid="${U(22)}" name="Compound photo" path="internal://${U(22)}.jpg"/>
</Sources>
<Notes><Note guid="${U(40)}" name="Annotation" plainTextPath="internal://${U(40)}.txt" creatingUser="${U(1)}"/></Notes>
<Links><Link guid="${U(50)}" name="Annotation" originGUID="${U(40)}" targetGUID="${U(30)}"/></Links>
</Project>`;
  return qdpx(qde, {
    [`sources/${U(20)}.txt`]: text,
    [`sources/${U(40)}.txt`]: "Passports kept in the office safe",
  });
}

/**
 * ATLAS.ti: the source file has Windows line endings but positions count each line break as one
 * character (QualCoder's importer special-cases ATLAS for this); quotations named by their text;
 * an audio source; a relation between two quotations as a Link.
 */
export function atlasProject(): Uint8Array {
  const lf = INTERVIEW;
  const guards = cp(lf, "the guards took every passport");
  const broker = cp(lf, "the broker promised work in a hotel");
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="ATLAS" origin="ATLAS.ti 23.1">
<CodeBook><Codes><Code guid="${G(10)}" name="Deceptive recruitment" isCodable="true"/><Code guid="${G(11)}" name="Forced labour" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="${G(20)}" name="Amal" plainTextPath="internal://${G(20)}.txt">
<PlainTextSelection guid="${G(30)}" name="the guards took every passport" startPosition="${guards.start}" endPosition="${guards.end}"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(11)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(32)}" name="the broker promised work in a hotel" startPosition="${broker.start}" endPosition="${broker.end}"><Coding guid="${G(33)}"><CodeRef targetGUID="${G(10)}"/></Coding></PlainTextSelection>
</TextSource>
<AudioSource guid="${G(21)}" name="Interview recording" path="relative:///amal.m4a"/>
</Sources>
<Links><Link guid="${G(50)}" name="contradicts" direction="OneWay" originGUID="${G(32)}" targetGUID="${G(30)}"/></Links>
</Project>`;
  return qdpx(qde, { [`sources/${G(20)}.txt`]: lf.replaceAll("\n", "\r\n") });
}

/**
 * MAXQDA: inline PlainTextContent, a memo as a selection with a Description and no Coding, a code
 * category (isCodable="false") holding codes, a code referenced that is not in the codebook, a
 * selection whose positions point at other text than its name, and a whole-source coding.
 */
export function maxqdaProject(): Uint8Array {
  const text = INTERVIEW;
  const memo = cp(text, "Interview 😀 with Amal");
  const hotel = cp(text, "work in a hotel");
  const wrong = cp(text, "the guards took");
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="MAXQDA" origin="MAXQDA 2022">
<CodeBook><Codes><Code guid="${G(10)}" name="Recruitment" isCodable="false"><Code guid="${G(11)}" name="Other" isCodable="true"/></Code><Code guid="${G(12)}" name="Detention" isCodable="true"><Code guid="${G(13)}" name="Other" isCodable="true"/></Code></Codes></CodeBook>
<Sources>
<TextSource guid="${G(20)}" name="Inline interview">
<PlainTextContent>${esc(text)}</PlainTextContent>
<PlainTextSelection guid="${G(30)}" name="Memo" startPosition="${memo.start}" endPosition="${memo.end}"><Description>Recorded by phone</Description></PlainTextSelection>
<PlainTextSelection guid="${G(31)}" name="work in a hotel" startPosition="${hotel.start}" endPosition="${hotel.end}"><Coding guid="${G(32)}"><CodeRef targetGUID="${G(11)}"/></Coding><Coding guid="${G(33)}"><CodeRef targetGUID="${G(99)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(34)}" name="the broker promised" startPosition="${wrong.start}" endPosition="${wrong.end}"><Coding guid="${G(35)}"><CodeRef targetGUID="${G(13)}"/></Coding></PlainTextSelection>
<Coding guid="${G(36)}"><CodeRef targetGUID="${G(12)}"/></Coding>
</TextSource>
</Sources>
</Project>`;
  return qdpx(qde);
}

export const importPath = (t: TestApp, name: string) =>
  `/api/workspaces/${t.workspaceId}/imports/${name}`;

/** Posts a file as multipart `file`, as the reader's Import menu does. */
export function postFile(t: TestApp, name: string, bytes: Uint8Array, fileName = name) {
  const form = new FormData();
  form.append("file", new File([bytes.slice()], fileName));
  return t.call("POST", importPath(t, name), form);
}

/**
 * A project of `sources` interviews, each coded `codings` times (one code each, every passage a
 * different sentence): big enough that a background import is caught half way.
 */
export function manySourcesProject(sources: number, codings: number): Uint8Array {
  const H = (n: number) => `10000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  const files: Record<string, string> = {};
  const xml: string[] = [];
  for (let s = 0; s < sources; s++) {
    const sentences = Array.from(
      { length: codings },
      (_, k) => `Witness ${s} statement ${k}: the agent kept passport ${s * codings + k}.`,
    );
    const text = sentences.join("\n");
    files[`Sources/${H(1_000 + s)}.txt`] = text;
    const selections: string[] = [];
    let at = 0;
    for (const [k, sentence] of sentences.entries()) {
      const n = 100_000 + s * codings + k;
      selections.push(
        `<PlainTextSelection guid="${H(n)}" name="s${k}" startPosition="${at}" endPosition="${at + sentence.length}"><Coding guid="${H(n + 5_000_000)}"><CodeRef targetGUID="${H(k % 3)}"/></Coding></PlainTextSelection>`,
      );
      at += sentence.length + 1;
    }
    xml.push(
      `<TextSource guid="${H(1_000 + s)}" name="Interview ${s}" plainTextPath="internal://${H(1_000 + s)}.txt">${selections.join("")}</TextSource>`,
    );
  }
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Many interviews" origin="QualCoder 3.6">
<CodeBook><Codes>${[0, 1, 2].map((c) => `<Code guid="${H(c)}" name="Generated code ${c}" isCodable="true" color="#00${c}${c}00"/>`).join("")}</Codes></CodeBook>
<Sources>${xml.join("\n")}</Sources>
</Project>`;
  return qdpx(qde, files);
}
