import * as Annotation from "@gloss/core/annotation";
import * as Codebook from "@gloss/core/codebook";
import * as Document from "@gloss/core/document";
import { GlossError } from "@gloss/core/error";
import * as Link from "@gloss/core/link";
import * as Provenance from "@gloss/core/provenance";
import * as Round from "@gloss/core/round";
import * as Share from "@gloss/core/share";
import * as Workspace from "@gloss/core/workspace";
import { z } from "zod";
import { limitRate } from "../http/rate.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json } from "../http/schemas.ts";

const SharedAnnotation = z.object({
  id: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  exact: z.string(),
  tags: z.array(z.string()),
  note: z.string().nullable().describe("null when the link excludes notes"),
  author: z
    .string()
    .nullable()
    .describe("Display name, never an email; null in an anonymous share"),
  createdAt: z.string().nullable().describe("null in an anonymous share"),
  verified: z
    .boolean()
    .describe("The quote stands at these offsets in the stored text version (POST /api/verify)"),
});

const SharedView = z
  .object({
    share: z.object({
      label: z.string(),
      sharedBy: z.string().nullable().describe("null in an anonymous share"),
      createdAt: z.string().nullable().describe("null in an anonymous share"),
      expiresAt: z.string().nullable(),
      includeNotes: z.boolean(),
      anonymous: z.boolean().describe("Names and times are left out of this view"),
      tags: z.array(z.string()).nullable(),
    }),
    document: z.object({
      title: z.string(),
      sourceUrl: z.string().nullable(),
      publishedAt: z.string().nullable(),
      textLength: z.number().int(),
      textVersion: z.number().int(),
      textSha256: z.string().nullable().describe("SHA-256 of the stored text version shown"),
      language: z.string().nullable().describe("The text's language (BCP 47), when known"),
    }),
    text: z.string(),
    codes: z.array(
      z.object({ id: z.string(), label: z.string(), color: z.string(), description: z.string() }),
    ),
    annotations: z.array(SharedAnnotation),
    links: z
      .array(
        z.object({
          fromId: z.string(),
          toId: z.string(),
          relation: Link.Relation,
          note: z.string(),
        }),
      )
      .describe("Links between shared passages of this document"),
  })
  .meta({ id: "SharedView" });

/** Headers for everything a share link serves: never cached, indexed, framed or leaked by Referer. */
const SHARED_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

const gone = () =>
  new GlossError(
    "not_found",
    "share.not_found",
    "this link is not valid: it may have been revoked or have expired",
  );

export const shared = router().openapi(
  defineRoute({
    method: "get",
    path: "/shared/{token}",
    operationId: "getSharedDocument",
    access: "public",
    rateLimit: limitRate("shared", { max: 600, windowSeconds: 600 }),
    summary: "The document a share link opens, with the annotations it allows",
    description: "Unknown, revoked and expired links all answer the same 404.",
    tags: ["Sharing"],
    request: { params: z.object({ token: z.string().max(200) }) },
    responses: { 200: json(SharedView, "The shared view"), ...errors(404, 429) },
  }),
  async (c) => {
    for (const [name, value] of Object.entries(SHARED_HEADERS)) c.header(name, value);
    const { ctx } = c.var;
    const share = await Share.open(ctx, c.req.valid("param").token);
    if (!share) throw gone();
    const document = await Document.get(ctx, share.workspaceId, share.documentId).catch(() => {
      throw gone();
    });
    const [text, codebook, members] = await Promise.all([
      Document.getText(ctx, share.workspaceId, share.documentId),
      Codebook.list(ctx, share.workspaceId),
      Workspace.listMembers(ctx, share.workspaceId),
    ]);
    const names = new Map(members.map((m) => [m.userId, m.name]));
    // A link shows what its creator may see: a coder's link during a blind round shows only theirs.
    const visible = await Round.visibleTo(ctx, share.workspaceId, share.createdBy);
    const allowed = share.tags ? new Set(share.tags) : null;
    const annotations = [];
    let cursor: string | undefined;
    do {
      const page = await Annotation.listByDocument(ctx, share.workspaceId, share.documentId, {
        cursor,
        limit: 500,
      });
      for (const a of page.items) {
        if (!visible(a)) continue;
        const tags = allowed ? a.tags.filter((t) => allowed.has(t)) : a.tags;
        if (allowed && tags.length === 0) continue;
        annotations.push({
          id: a.id,
          start: a.start,
          end: a.end,
          exact: a.exact,
          tags,
          note: share.includeNotes ? a.note : null,
          author: share.anonymous ? null : (names.get(a.createdBy) ?? "A Gloss user"),
          createdAt: share.anonymous ? null : a.createdAt,
          verified: a.status === "anchored" && text.slice(a.start, a.end) === a.exact,
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const usedCodes = new Set(annotations.flatMap((a) => a.tags));
    // Only links whose two passages are both in this view: a link never reveals a passage, or a
    // document, the share does not include.
    const shown = new Set(annotations.map((a) => a.id));
    const links = (await Link.listAll(ctx, share.workspaceId))
      .filter((l) => shown.has(l.fromId) && shown.has(l.toId))
      .map((l) => ({
        fromId: l.fromId,
        toId: l.toId,
        relation: l.relation,
        note: share.includeNotes ? l.note : "",
      }));
    return c.json(
      {
        share: {
          label: share.label,
          sharedBy: share.anonymous ? null : share.createdByName,
          createdAt: share.anonymous ? null : share.createdAt,
          expiresAt: share.expiresAt,
          includeNotes: share.includeNotes,
          anonymous: share.anonymous,
          tags: share.tags,
        },
        document: {
          title: document.title,
          sourceUrl: document.sourceUrl,
          language: document.language,
          publishedAt: document.publishedAt,
          textLength: document.textLength,
          textVersion: document.textVersion,
          textSha256:
            (
              await Provenance.ofVersion(
                ctx,
                share.workspaceId,
                share.documentId,
                document.textVersion,
              )
            )?.textSha256 ?? null,
        },
        text,
        codes: codebook
          .filter((t) => usedCodes.has(t.id))
          .map(({ id, label, color, description }) => ({ id, label, color, description })),
        annotations,
        links,
      },
      200,
    );
  },
);
