import * as Backup from "@gloss/core/backup";
import * as Round from "@gloss/core/round";
import type { TypedResponse } from "hono";
import type { z } from "zod";
import { asciiSlug } from "../http/file-name.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";
import { pieceStream } from "../http/stream.ts";

/**
 * A restore body is read whole. 50 MB takes a workspace of hundreds of reports through the local
 * runtime; a Lambda Function URL refuses request bodies over 6 MB before the app sees them, so a
 * larger restore in AWS needs the local runtime pointed at the stage's storage, or a future
 * presigned-upload path (the backup to S3, the restore read from there).
 */
export const MAX_RESTORE_BODY_BYTES = 50 * 1024 * 1024;

/** `gloss-backup-<workspace>-<yyyy-mm-dd>.json`, ASCII-safe. */
function fileName(workspaceName: string, date: Date): string {
  return `gloss-backup-${asciiSlug(workspaceName)}-${date.toISOString().slice(0, 10)}.json`;
}

export const backup = router()
  .openapi(
    defineRoute({
      method: "get",
      path: "/workspaces/{ws}/backup",
      operationId: "exportBackup",
      access: "owner",
      summary: "A complete backup of the workspace as JSON (streamed)",
      description:
        "Codebook (with each code's parent and position in the tree), attribute definitions, documents with their attribute values and every text version, page starts and original files (base64, up to 8 MB each), annotations (status, versions, re-anchoring history) and links. Members, invitations, API tokens and share links are left out: they are identities and secrets (the backup's `excluded` says why). Restore with `POST /restore` into an empty workspace.",
      tags: ["Backup"],
      request: { params: WorkspaceParams },
      responses: {
        200: {
          content: { "application/json": { schema: Backup.Backup } },
          description: "The backup, streamed",
        },
        ...errors(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { ctx, workspace, requestId, caller } = c.var;
      Round.refuseWhileBlind(
        await Round.blindRuleFor(ctx, workspace.id, caller.userId),
        "a backup",
      );
      // Read up front: a missing workspace or a restore under way is still an error response.
      const prepared = await Backup.prepare(ctx, workspace.id);
      const stream = await pieceStream(Backup.write(prepared), "backup", requestId);
      // The document declares the JSON it streams; Hono types c.json only, so the stream is cast.
      return c.body(stream, 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName(prepared.workspaceName, ctx.now())}"`,
      }) as unknown as TypedResponse<Backup.Backup, 200, "json">;
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/workspaces/{ws}/restore",
      operationId: "restoreBackup",
      access: "owner",
      maxBodyBytes: MAX_RESTORE_BODY_BYTES,
      summary: "Restore a backup into this workspace, which must be empty",
      description:
        "Recreates the codebook with its tree (the backup's codes replace the workspace's) and the attribute definitions (replacing the workspace's), documents with their attribute values with all their text versions and files, annotations and links, under new ids. Refused (409) when the workspace has documents or annotations. Safe to repeat: a restore cut short is finished by sending the same backup again. A backup that does not hold together (quotes that differ from the text, unknown codes, a code tree with a loop, an unknown parent or more than 6 levels, values of undefined attributes or of the wrong kind, dangling links, totals that do not match) is refused (422) with nothing written. Bodies up to 50 MB; in AWS the Lambda limit of 6 MB applies.",
      tags: ["Backup"],
      request: {
        params: WorkspaceParams,
        body: { content: { "application/json": { schema: Backup.Backup } }, required: true },
      },
      responses: {
        201: json(Backup.RestoreResult, "Restored"),
        ...errors(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const result = await Backup.restore(c.var.ctx, c.var.workspace.id, c.req.valid("json"));
      return c.json(result satisfies z.infer<typeof Backup.RestoreResult>, 201);
    },
  );
