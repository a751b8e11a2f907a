import * as Capture from "@gloss/core/capture";
import * as Document from "@gloss/core/document";
import { limitRate } from "../http/rate.ts";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

/** The Send to Gloss page's body: a rendered page's HTML, up to the capture limit. */
const MAX_SENT_BYTES = Capture.DEFAULT_POLICY.maxBytes + 64 * 1024;

/**
 * Capture routes. `policy` is the fetch policy: the system resolver and no loopback unless a
 * caller of `createApp` says otherwise, which only tests do (a fake resolver, loopback allowed).
 */
export function captureRoutes(policy: Partial<Capture.FetchPolicy> = {}) {
  const effective: Capture.FetchPolicy = {
    ...Capture.DEFAULT_POLICY,
    resolver: Capture.systemResolver,
    ...policy,
  };
  return router()
    .openapi(
      defineRoute({
        method: "post",
        path: "/workspaces/{ws}/documents/captures",
        operationId: "captureDocumentFromUrl",
        access: "editor",
        maxBodyBytes: 16 * 1024,
        rateLimit: limitRate("capture", { max: 60, windowSeconds: 600 }),
        summary: "Add from URL: fetch a public web page and keep it with its provenance",
        description:
          "Fetched by the server: http(s) only; every address the host (and every redirect's host, at most 5) resolves to must be public, and the connection goes to the address checked. At most 20 MB and 20 s. The raw HTML is kept as the original, the article is read from it, and the provenance records the final URL, the fetch time, the HTTP status and the Date, Last-Modified and ETag headers with the hashes. Refusals: 400 `capture.bad_url`/`bad_scheme`/`credentials_in_url`, 403 `capture.address_refused`, 413 `capture.too_large`, 422 `capture.timeout`/`http_status`/`dns_failed`/`fetch_failed`/`too_many_redirects`.",
        tags: ["Documents"],
        request: {
          params: WorkspaceParams,
          body: {
            content: { "application/json": { schema: Capture.CaptureUrlInput } },
            required: true,
          },
        },
        responses: {
          201: json(Document.Document, "Captured"),
          ...errors(400, 401, 403, 404, 413, 415, 422, 429),
        },
      }),
      async (c) => {
        const { ctx, workspace, caller } = c.var;
        const input = c.req.valid("json");
        const document = await Capture.captureUrl(
          ctx,
          workspace.id,
          caller.userId,
          input,
          effective,
        );
        return c.json(document, 201);
      },
    )
    .openapi(
      defineRoute({
        method: "post",
        path: "/workspaces/{ws}/documents/sent-pages",
        operationId: "sendPageToGloss",
        access: "editor",
        maxBodyBytes: MAX_SENT_BYTES,
        summary: "Send to Gloss: keep a page as the researcher's browser rendered it",
        description:
          "For pages behind a login or a paywall. The Send to Gloss page (`/send`, opened by the bookmarklet) posts the HTML and URL it received from the page by `postMessage`; the page itself never holds a Gloss credential. The provenance says `via: browser`.",
        tags: ["Documents"],
        request: {
          params: WorkspaceParams,
          body: {
            content: { "application/json": { schema: Capture.SendPageInput } },
            required: true,
          },
        },
        responses: {
          201: json(Document.Document, "Kept"),
          ...errors(400, 401, 403, 404, 413, 415, 422),
        },
      }),
      async (c) => {
        const { ctx, workspace, caller } = c.var;
        const document = await Capture.captureSent(
          ctx,
          workspace.id,
          caller.userId,
          c.req.valid("json"),
        );
        return c.json(document, 201);
      },
    );
}
