/**
 * Sending an export over HTTP: the `ExportSource` a request reads (its filter, origin, blind rule
 * and coding layer), the attachment's file name, and the streamed response with its headers and
 * byte metric. Contract: a failure before the first byte is still a 4xx/5xx (see `pieceStream`).
 */
import type { Context as CoreContext } from "@gloss/core/context";
import * as Export from "@gloss/core/export";
import { type FindingsBaseQuery, filterOfQuery } from "@gloss/core/findings";
import * as Round from "@gloss/core/round";
import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../http/env.ts";
import { asciiSlug } from "../http/file-name.ts";
import { metric } from "../http/log.ts";
import { pieceStream } from "../http/stream.ts";

/**
 * The origin exports write absolute links on: the request's own, with the host the client used
 * (the Router forwards it as X-Forwarded-Host).
 */
export function originOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const host = c.req.header("x-forwarded-host") ?? url.host;
  const proto = c.req.header("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  return /^[a-z0-9.:[\]-]+$/i.test(host) && /^https?$/.test(proto) ? `${proto}://${host}` : "";
}

export async function open(
  c: Context<AppEnv>,
  query: Partial<z.output<typeof FindingsBaseQuery>> & Record<string, unknown>,
) {
  const { ctx, workspace, caller } = c.var;
  const rule = await Round.blindRuleFor(ctx, workspace.id, caller.userId);
  return new Export.ExportSource(c.var.ctx, {
    workspaceId: c.var.workspace.id,
    filter: filterOfQuery(query),
    origin: originOf(c),
    blind: {
      visible: rule.visible,
      links: (links) => Round.visibleLinks(ctx, workspace.id, rule, links),
    },
    // `?layer=consensus`: the rounds' consensus passages in place of those they resolve.
    ...(query.layer === "consensus"
      ? { layer: await Round.consensusLayer(ctx, workspace.id, rule) }
      : {}),
  }).prepare();
}

/** `gloss-<workspace>-<what>-<yyyy-mm-dd>.<ext>`, ASCII-safe, with the UTF-8 name alongside. */
export function disposition(
  workspaceName: string,
  what: string,
  extension: string,
  ctx: CoreContext,
) {
  const date = ctx.now().toISOString().slice(0, 10);
  const ascii = `gloss-${asciiSlug(workspaceName)}-${what}-${date}.${extension}`;
  const utf8 = `gloss-${workspaceName.replace(/[\\/:*?"<>|\p{Cc}]+/gu, "-")}-${what}-${date}.${extension}`;
  // RFC 5987: encodeURIComponent leaves ' ( ) * as they are, which the header grammar forbids.
  const encoded = encodeURIComponent(utf8).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends an export as it is produced (see `pieceStream` for when a failure is still a 4xx/5xx). */
export async function streamed(
  c: Context<AppEnv>,
  pieces: AsyncIterable<string | Uint8Array>,
  headers: { contentType: string; disposition: string },
) {
  const stream = await pieceStream(pieces, "export", c.var.requestId);
  // Export sizes as a metric (ExportBytes, by format), counted as the bytes go out.
  const format = new URL(c.req.url).pathname.split("/").pop() ?? "export";
  let bytes = 0;
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      flush() {
        metric("ExportBytes", bytes, "Bytes", { format });
      },
    }),
  );
  return c.body(counted, 200, {
    "Content-Type": headers.contentType,
    "Content-Disposition": headers.disposition,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
}

/** Sends a CSV export as `gloss-<workspace>-<what>-<date>.csv`. */
export const streamedCsv = (
  c: Context<AppEnv>,
  workspaceName: string,
  what: string,
  pieces: AsyncIterable<string | Uint8Array>,
) =>
  streamed(c, pieces, {
    contentType: "text/csv; charset=utf-8",
    disposition: disposition(workspaceName, what, "csv", c.var.ctx),
  });

export const generatedAt = (c: Context<AppEnv>) => c.var.ctx.now().toISOString();

/** Sends a findings CSV export, with a byte order mark when the query asks for one. */
export async function sendFindingsCsv(
  c: Context<AppEnv>,
  query: Partial<z.output<typeof FindingsBaseQuery>> & { bom?: "0" | "1" | undefined },
  what: string,
  write: (
    source: Export.ExportSource,
    options: { bom: boolean },
  ) => AsyncIterable<string | Uint8Array>,
) {
  const source = await open(c, query);
  return streamedCsv(c, source.workspaceName, what, write(source, { bom: query.bom === "1" }));
}
