import { MAX_TEXT_LENGTH } from "@gloss/core/document";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../support/app.ts";
import {
  annotate,
  annotationPath,
  annotationsPath,
  documentPath,
  documentsPath,
  expectError,
  expectStatus,
  makeDocument,
  REPORT_TEXT,
  storageSnapshot,
  tagsPath,
  workspaceAnnotationsPath,
} from "../support/data.ts";

/** What the catalogue's requests refer to: a workspace with two annotated documents. */
interface Fixture {
  t: TestApp;
  docId: string;
  otherDocId: string;
  annotationId: string;
  /** nextCursor of the first page of the first document's annotations. */
  annotationCursor: string;
  /** nextCursor of the first page of the other document's annotations. */
  otherAnnotationCursor: string;
  /** nextCursor of the first page of the document list. */
  documentCursor: string;
}

interface BadInput {
  name: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (f: Fixture) => string;
  /** An object is sent as JSON; a string as it is; FormData as multipart. */
  body?: (f: Fixture) => unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const UNKNOWN_DOC = "doc_01JD0000000000000000000000";
const UNKNOWN_ANN = "ann_01JD0000000000000000000000";
const UNKNOWN_WS = "ws_01JD0000000000000000000000";

const quote = "collected every passport";
const quoteStart = REPORT_TEXT.indexOf(quote);
const selector = { start: quoteStart, end: quoteStart + quote.length, exact: quote };

const docs = (f: Fixture) => documentsPath(f.t);
const doc = (f: Fixture) => documentPath(f.t, f.docId);
const anns = (f: Fixture) => annotationsPath(f.t, f.docId);
const ann = (f: Fixture) => annotationPath(f.t, f.annotationId);

function upload(fileName: string, content: BlobPart, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append("file", new File([content], fileName));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const catalogue: BadInput[] = [
  // Bodies that are not the JSON the route takes.
  {
    name: "malformed JSON for a new document",
    method: "POST",
    path: docs,
    body: () => '{"title": "Report", "text": ',
    headers: { "content-type": "application/json" },
    status: 400,
    code: "request.malformed_json",
  },
  {
    name: "malformed JSON for a new annotation",
    method: "POST",
    path: anns,
    body: () => "{start: 1, end: 4}",
    headers: { "content-type": "application/json" },
    status: 400,
    code: "request.malformed_json",
  },
  {
    name: "an empty body declared as JSON",
    method: "POST",
    path: anns,
    body: () => "",
    headers: { "content-type": "application/json" },
    status: 400,
    code: "request.malformed_json",
  },
  {
    name: "a JSON array where an object is expected",
    method: "POST",
    path: anns,
    body: () => [selector],
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "an unknown field on a new document",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report", text: "Body.", authorName: "A. Researcher" }),
    status: 400,
    code: "request.unknown_field",
  },
  {
    name: "an unknown field on a new annotation (quote for exact)",
    method: "POST",
    path: anns,
    body: () => ({ start: selector.start, end: selector.end, quote, tags: ["forced-labour"] }),
    status: 400,
    code: "request.unknown_field",
  },
  {
    name: "an unknown field in a document change",
    method: "PATCH",
    path: doc,
    body: () => ({ title: "New title", status: "archived", version: 2 }),
    status: 400,
    code: "request.unknown_field",
  },
  {
    name: "an unknown field in an annotation change",
    method: "PATCH",
    path: ann,
    body: () => ({ tags: ["torture"], colour: "#ff0000", version: 2 }),
    status: 400,
    code: "request.unknown_field",
  },
  {
    name: "an unknown query parameter on a list",
    method: "GET",
    path: (f) => `${docs(f)}?page=2`,
    status: 400,
    code: "request.unknown_field",
  },
  // Wrong types and missing fields.
  {
    name: "a title that is a number",
    method: "POST",
    path: docs,
    body: () => ({ title: 42, text: "Body." }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a document without text",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a document whose title is only spaces",
    method: "POST",
    path: docs,
    body: () => ({ title: "   ", text: "Body." }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "an annotation without offsets",
    method: "POST",
    path: anns,
    body: () => ({ exact: quote, tags: ["forced-labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "offsets sent as strings",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, start: String(selector.start), tags: ["forced-labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a fractional offset",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, start: selector.start + 0.5, tags: ["forced-labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a negative offset",
    method: "POST",
    path: anns,
    body: () => ({ start: -1, end: 3, exact: "Rec", tags: ["forced-labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "an empty quote",
    method: "POST",
    path: anns,
    body: () => ({ start: 5, end: 5, exact: "", tags: ["forced-labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "codes sent as a string instead of a list",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, tags: "forced-labour" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a code id that is not a slug",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, tags: ["Forced Labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "the same code twice on one annotation",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, tags: ["forced-labour", "forced-labour"] }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "an annotation change without a version",
    method: "PATCH",
    path: ann,
    body: () => ({ note: "No version given" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a document change without a version",
    method: "PATCH",
    path: doc,
    body: () => ({ title: "No version given" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a workspace without a name",
    method: "POST",
    path: () => "/api/workspaces",
    body: () => ({ name: " " }),
    status: 400,
    code: "request.invalid_body",
  },
  // Selectors that do not fit the text.
  {
    name: "an end offset beyond the end of the text",
    method: "POST",
    path: anns,
    body: () => ({
      start: REPORT_TEXT.length - 6,
      end: REPORT_TEXT.length + 4,
      exact: `${REPORT_TEXT.slice(-6)}    `,
      tags: ["forced-labour"],
    }),
    status: 422,
    code: "annotation.offset_out_of_range",
  },
  {
    name: "a selection that starts after the end of the text",
    method: "POST",
    path: anns,
    body: () => ({
      start: REPORT_TEXT.length + 10,
      end: REPORT_TEXT.length + 12,
      exact: "xx",
      tags: ["forced-labour"],
    }),
    status: 422,
    code: "annotation.offset_out_of_range",
  },
  {
    name: "reversed offsets",
    method: "POST",
    path: anns,
    body: () => ({ start: selector.end, end: selector.start, exact: quote, tags: ["torture"] }),
    status: 422,
    code: "annotation.offset_reversed",
  },
  {
    name: "an empty selection (start equals end)",
    method: "POST",
    path: anns,
    body: () => ({ start: 10, end: 10, exact: " ", tags: ["torture"] }),
    status: 422,
    code: "annotation.offset_reversed",
  },
  {
    name: "a quote that differs from the text",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, exact: "collected every passbook", tags: ["forced-labour"] }),
    status: 422,
    code: "annotation.quote_mismatch",
  },
  {
    name: "a quote that is off by one character",
    method: "POST",
    path: anns,
    body: () => ({
      ...selector,
      start: selector.start + 1,
      end: selector.end + 1,
      tags: ["torture"],
    }),
    status: 422,
    code: "annotation.quote_mismatch",
  },
  {
    name: "a prefix that does not match the text",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, prefix: "the manager ", tags: ["forced-labour"] }),
    status: 422,
    code: "annotation.prefix_mismatch",
  },
  {
    name: "a suffix that does not match the text",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, suffix: " and burned them", tags: ["forced-labour"] }),
    status: 422,
    code: "annotation.suffix_mismatch",
  },
  {
    name: "a code that is not in the codebook",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, tags: ["forced-labour", "wage-theft"] }),
    status: 422,
    code: "annotation.unknown_tag",
  },
  {
    name: "a change that adds a code not in the codebook",
    method: "PATCH",
    path: ann,
    body: () => ({ tags: ["wage-theft"], version: 2 }),
    status: 422,
    code: "annotation.unknown_tag",
  },
  {
    name: "an annotation with neither a code nor a note",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, tags: [] }),
    status: 422,
    code: "annotation.empty",
  },
  {
    name: "an annotation whose only content is a blank note",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, note: "  \n " }),
    status: 422,
    code: "annotation.empty",
  },
  // Cursors and page sizes.
  {
    name: "a cursor that is not one the API made",
    method: "GET",
    path: (f) => `${docs(f)}?cursor=not-a-cursor`,
    status: 400,
    code: "request.invalid_cursor",
  },
  {
    name: "a cursor from another document's annotation list",
    method: "GET",
    path: (f) => `${anns(f)}?cursor=${encodeURIComponent(f.otherAnnotationCursor)}`,
    status: 400,
    code: "request.invalid_cursor",
  },
  {
    name: "a document-list cursor on an annotation list",
    method: "GET",
    path: (f) => `${anns(f)}?cursor=${encodeURIComponent(f.documentCursor)}`,
    status: 400,
    code: "request.invalid_cursor",
  },
  {
    name: "an annotation-list cursor on the document list",
    method: "GET",
    path: (f) => `${docs(f)}?cursor=${encodeURIComponent(f.annotationCursor)}`,
    status: 400,
    code: "request.invalid_cursor",
  },
  {
    name: "a forged cursor pointing into another workspace",
    method: "GET",
    path: (f) =>
      `${docs(f)}?cursor=${base64url({ pk: `WS#${UNKNOWN_WS}`, sk: `DOC#${UNKNOWN_DOC}` })}`,
    status: 400,
    code: "request.invalid_cursor",
  },
  {
    name: "a forged cursor with extra key attributes",
    method: "GET",
    path: (f) =>
      `${docs(f)}?cursor=${base64url({ pk: `WS#${f.t.workspaceId}`, sk: "DOC#", x: "y" })}`,
    status: 400,
    code: "request.invalid_cursor",
  },
  {
    name: "limit=0",
    method: "GET",
    path: (f) => `${docs(f)}?limit=0`,
    status: 400,
    code: "request.invalid_query",
  },
  {
    name: "limit=abc",
    method: "GET",
    path: (f) => `${anns(f)}?limit=abc`,
    status: 400,
    code: "request.invalid_query",
  },
  {
    name: "a limit above the maximum page size",
    method: "GET",
    path: (f) => `${workspaceAnnotationsPath(f.t)}?limit=100000`,
    status: 400,
    code: "request.invalid_query",
  },
  {
    name: "a fractional limit",
    method: "GET",
    path: (f) => `${docs(f)}?limit=2.5`,
    status: 400,
    code: "request.invalid_query",
  },
  // Sizes.
  {
    name: "an annotation body over the 64 KB default limit",
    method: "POST",
    path: anns,
    body: () => ({ ...selector, tags: ["forced-labour"], note: "n".repeat(70 * 1024) }),
    status: 413,
    code: "request.too_large",
  },
  {
    name: "a code body over the 64 KB default limit",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ label: "Wage theft", description: "d".repeat(65 * 1024) }),
    status: 413,
    code: "request.too_large",
  },
  {
    name: "a JSON document over 6 MB",
    method: "POST",
    path: docs,
    body: () => ({ title: "Huge", text: "word ".repeat((6 * 1024 * 1024) / 5 + 100) }),
    status: 413,
    code: "request.too_large",
  },
  {
    name: "an uploaded file over 6 MB",
    method: "POST",
    path: docs,
    body: () => upload("huge.txt", "line of text\n".repeat((6 * 1024 * 1024) / 13 + 100)),
    status: 413,
    code: "request.too_large",
  },
  {
    name: "a text longer than MAX_TEXT_LENGTH",
    method: "POST",
    path: docs,
    body: () => ({ title: "Too long", text: "a".repeat(MAX_TEXT_LENGTH + 1) }),
    status: 413,
    code: "document.text_too_large",
  },
  // Files.
  {
    name: "an .exe upload",
    method: "POST",
    path: docs,
    body: () => upload("setup.exe", new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03])),
    status: 415,
    code: "document.unsupported_type",
  },
  {
    name: "a damaged .pdf upload (a header and nothing readable)",
    method: "POST",
    path: docs,
    body: () => upload("report.pdf", "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"),
    status: 422,
    code: "document.corrupt_file",
  },
  {
    name: "an upload without a file extension",
    method: "POST",
    path: docs,
    body: () => upload("README", "Plain words."),
    status: 415,
    code: "document.unsupported_type",
  },
  {
    name: "binary content in a .txt file",
    method: "POST",
    path: docs,
    body: () =>
      upload(
        "photo.txt",
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      ),
    status: 415,
    code: "document.binary_content",
  },
  {
    name: "a Latin-1 (not UTF-8) .txt file",
    method: "POST",
    path: docs,
    // "Café à Genève" in ISO-8859-1.
    body: () =>
      upload(
        "latin1.txt",
        new Uint8Array([
          0x43, 0x61, 0x66, 0xe9, 0x20, 0xe0, 0x20, 0x47, 0x65, 0x6e, 0xe8, 0x76, 0x65,
        ]),
      ),
    status: 415,
    code: "document.unsupported_encoding",
  },
  {
    name: "a form without a file",
    method: "POST",
    path: docs,
    body: () => {
      const form = new FormData();
      form.append("title", "Where is the file?");
      return form;
    },
    status: 400,
    code: "document.file_missing",
  },
  {
    name: "a form whose file field is plain text, not a file",
    method: "POST",
    path: docs,
    body: () => {
      const form = new FormData();
      form.append("file", "I meant to attach the report");
      return form;
    },
    status: 400,
    code: "document.file_missing",
  },
  {
    name: "an empty .txt file",
    method: "POST",
    path: docs,
    body: () => upload("empty.txt", ""),
    status: 422,
    code: "document.empty",
  },
  {
    name: "a .md file of only blank lines",
    method: "POST",
    path: docs,
    body: () => upload("blank.md", "\r\n  \r\n\t\r\n"),
    status: 422,
    code: "document.empty",
  },
  // Content types.
  {
    name: "a text/plain body to a JSON route",
    method: "POST",
    path: anns,
    body: () => JSON.stringify({ ...selector, tags: ["forced-labour"] }),
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "request.unsupported_media_type",
  },
  {
    name: "a text/plain body to the document route",
    method: "POST",
    path: docs,
    body: () => "Just some pasted text.",
    headers: { "content-type": "text/plain; charset=utf-8" },
    status: 415,
    code: "request.unsupported_media_type",
  },
  {
    name: "an XML body to the code route",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => "<tag><label>Wage theft</label></tag>",
    headers: { "content-type": "application/xml" },
    status: 415,
    code: "request.unsupported_media_type",
  },
  {
    name: "a URL-encoded form to the document route",
    method: "POST",
    path: docs,
    body: () => "title=Report&text=Body",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    code: "request.unsupported_media_type",
  },
  // Things that do not exist.
  {
    name: "an unknown document",
    method: "GET",
    path: (f) => documentPath(f.t, UNKNOWN_DOC),
    status: 404,
    code: "document.not_found",
  },
  {
    name: "the text of an unknown document",
    method: "GET",
    path: (f) => `${documentPath(f.t, UNKNOWN_DOC)}/text`,
    status: 404,
    code: "document.not_found",
  },
  {
    name: "the annotations of an unknown document",
    method: "GET",
    path: (f) => annotationsPath(f.t, UNKNOWN_DOC),
    status: 404,
    code: "document.not_found",
  },
  {
    name: "annotating an unknown document",
    method: "POST",
    path: (f) => annotationsPath(f.t, UNKNOWN_DOC),
    body: () => ({ ...selector, tags: ["forced-labour"] }),
    status: 404,
    code: "document.not_found",
  },
  {
    name: "changing an unknown document",
    method: "PATCH",
    path: (f) => documentPath(f.t, UNKNOWN_DOC),
    body: () => ({ title: "Ghost", version: 1 }),
    status: 404,
    code: "document.not_found",
  },
  {
    name: "deleting an unknown document",
    method: "DELETE",
    path: (f) => documentPath(f.t, UNKNOWN_DOC),
    status: 404,
    code: "document.not_found",
  },
  {
    name: "filtering workspace annotations by an unknown document",
    method: "GET",
    path: (f) => `${workspaceAnnotationsPath(f.t)}?documentId=${UNKNOWN_DOC}`,
    status: 404,
    code: "document.not_found",
  },
  {
    name: "an unknown annotation",
    method: "GET",
    path: (f) => annotationPath(f.t, UNKNOWN_ANN),
    status: 404,
    code: "annotation.not_found",
  },
  {
    name: "changing an unknown annotation",
    method: "PATCH",
    path: (f) => annotationPath(f.t, UNKNOWN_ANN),
    body: () => ({ note: "Ghost", version: 1 }),
    status: 404,
    code: "annotation.not_found",
  },
  {
    name: "deleting an unknown annotation",
    method: "DELETE",
    path: (f) => annotationPath(f.t, UNKNOWN_ANN),
    status: 404,
    code: "annotation.not_found",
  },
  {
    name: "an unknown workspace",
    method: "GET",
    path: () => `/api/workspaces/${UNKNOWN_WS}/documents`,
    status: 404,
    code: "workspace.not_found",
  },
  {
    name: "a document posted to an unknown workspace",
    method: "POST",
    path: () => `/api/workspaces/${UNKNOWN_WS}/documents`,
    body: () => ({ title: "Report", text: "Body." }),
    status: 404,
    code: "workspace.not_found",
  },
  {
    name: "changing an unknown code",
    method: "PATCH",
    path: (f) => `${tagsPath(f.t)}/wage-theft`,
    body: () => ({ label: "Wage theft", version: 1 }),
    status: 404,
    code: "tag.not_found",
  },
  {
    name: "an unknown API route",
    method: "GET",
    path: () => "/api/documents",
    status: 404,
    code: "route.not_found",
  },
  {
    name: "an unknown route inside a workspace",
    method: "POST",
    path: (f) => `/api/workspaces/${f.t.workspaceId}/imports/everything`,
    body: () => ({}),
    status: 404,
    code: "route.not_found",
  },
  // Metadata.
  {
    name: "a javascript: source URL",
    method: "POST",
    path: docs,
    body: () => ({
      title: "Report",
      text: "Body.",
      sourceUrl: "javascript:alert(document.cookie)",
    }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a source URL that is not a URL",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report", text: "Body.", sourceUrl: "see the annex" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "an ftp: source URL",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report", text: "Body.", sourceUrl: "ftp://example.org/report.txt" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a javascript: source URL in a document change",
    method: "PATCH",
    path: doc,
    body: () => ({ sourceUrl: "javascript:alert(1)", version: 2 }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a javascript: source URL in an upload form",
    method: "POST",
    path: docs,
    body: () => upload("notes.txt", "Notes.", { sourceUrl: "javascript:alert(1)" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a publication date in words",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report", text: "Body.", publishedAt: "last Tuesday" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a publication date in month 13",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report", text: "Body.", publishedAt: "2024-13-01" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a publication date of 30 February",
    method: "POST",
    path: docs,
    body: () => ({ title: "Report", text: "Body.", publishedAt: "2024-02-30" }),
    status: 400,
    code: "request.invalid_body",
  },
  // Codebook.
  {
    name: "a code colour that is a name",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ label: "Wage theft", color: "red" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a code colour with five hex digits",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ label: "Wage theft", color: "#12345" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a code id with capitals and spaces",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ id: "Wage Theft", label: "Wage theft" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a code with an empty label",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ label: "" }),
    status: 400,
    code: "request.invalid_body",
  },
  {
    name: "a duplicate code id",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ id: "forced-labour", label: "Forced labour (again)" }),
    status: 409,
    code: "tag.exists",
  },
  {
    name: "a code whose label makes an existing id",
    method: "POST",
    path: (f) => tagsPath(f.t),
    body: () => ({ label: "Forced Labour" }),
    status: 409,
    code: "tag.exists",
  },
  {
    name: "deleting a code with an unknown mode",
    method: "DELETE",
    path: (f) => `${tagsPath(f.t)}/corruption?mode=purge`,
    status: 400,
    code: "request.invalid_query",
  },
  {
    name: "deleting a code in use",
    method: "DELETE",
    path: (f) => `${tagsPath(f.t)}/forced-labour`,
    status: 409,
    code: "tag.in_use",
  },
  // Stale versions.
  {
    name: "a document change from a stale version",
    method: "PATCH",
    path: doc,
    body: () => ({ title: "Edited in an old tab", version: 1 }),
    status: 409,
    code: "document.version_conflict",
  },
  {
    name: "an annotation change from a stale version",
    method: "PATCH",
    path: ann,
    body: () => ({ note: "Edited in an old tab", version: 1 }),
    status: 409,
    code: "annotation.version_conflict",
  },
  {
    name: "a code change from a stale version",
    method: "PATCH",
    path: (f) => `${tagsPath(f.t)}/torture`,
    body: () => ({ label: "Torture", version: 7 }),
    status: 409,
    code: "tag.version_conflict",
  },
  // Documents with no text.
  {
    name: "a document whose text is only whitespace",
    method: "POST",
    path: docs,
    body: () => ({ title: "Blank", text: " \r\n\t\n\u2028 \n" }),
    status: 422,
    code: "document.empty",
  },
  {
    name: "a document whose text is only control characters",
    method: "POST",
    path: docs,
    body: () => ({ title: "Controls", text: "\u0000\u0001\u001b\u007f" }),
    status: 422,
    code: "document.empty",
  },
];

describe("bad input", () => {
  let fixture: Fixture;

  beforeAll(async () => {
    const t = await makeTestApp();
    const first = await makeDocument(t);
    const other = await makeDocument(t, { title: "Second report" });
    const annotation = await annotate(t, first.id, quote, { tags: ["forced-labour"] });
    await annotate(t, first.id, "locked in a storeroom", { tags: ["torture"] });
    await annotate(t, other.id, "monthly wage of 450 dollars", { tags: ["forced-labour"] });
    await annotate(t, other.id, "charged them with illegal entry", { tags: ["state-response"] });
    // Move the document and the annotation to version 2, so version 1 is stale.
    expectStatus(
      await t.call("PATCH", documentPath(t, first.id), { title: "Border report", version: 1 }),
      200,
    );
    expectStatus(
      await t.call("PATCH", annotationPath(t, annotation.id), { note: "Passports.", version: 1 }),
      200,
    );
    const cursorOf = async (path: string) => {
      const reply = await t.call("GET", `${path}?limit=1`);
      expectStatus(reply, 200);
      expect(reply.body.nextCursor).toEqual(expect.any(String));
      return reply.body.nextCursor as string;
    };
    fixture = {
      t,
      docId: first.id,
      otherDocId: other.id,
      annotationId: annotation.id,
      annotationCursor: await cursorOf(annotationsPath(t, first.id)),
      otherAnnotationCursor: await cursorOf(annotationsPath(t, other.id)),
      documentCursor: await cursorOf(documentsPath(t)),
    };
  });

  it("has a catalogue of distinct named cases", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(25);
    expect(new Set(catalogue.map((c) => c.name)).size).toBe(catalogue.length);
  });

  it.each(catalogue.map((c) => [`${c.name} → ${c.status} ${c.code}`, c] as const))(
    "%s",
    async (_label, c) => {
      const { t } = fixture;
      const before = await storageSnapshot(t.ctx);
      const reply = await t.call(c.method, c.path(fixture), c.body?.(fixture), c.headers);
      expectError(reply, c.status, c.code);
      expect(reply.text).not.toMatch(/at \S+ \(|node_modules|Exception/);
      // Nothing was written or changed: every item and every object is as before.
      expect(await storageSnapshot(t.ctx)).toEqual(before);
    },
  );
});
