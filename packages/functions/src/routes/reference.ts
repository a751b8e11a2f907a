import { GlossError } from "@gloss/core/error";
import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { referenceScript } from "../reference/assets.ts";
import { REFERENCE_SCRIPT_PATH, referenceHtml } from "../reference/page.ts";

/** The interactive API reference; static, so it is not itself listed in the OpenAPI document. */
export const reference = new Hono<AppEnv>()
  .get("/docs", (c) => c.html(referenceHtml))
  .get(REFERENCE_SCRIPT_PATH.replace(/^\/api/, ""), (c) => {
    const script = referenceScript();
    if (!script) {
      throw new GlossError(
        "unavailable",
        "reference.missing",
        "the API reference is not installed",
      );
    }
    const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    const headers: Record<string, string> = {
      "Content-Type": "text/javascript; charset=utf-8",
      // The file changes only with the pinned package version; an hour keeps deploys visible.
      "Cache-Control": "public, max-age=3600",
      Vary: "Accept-Encoding",
    };
    if (gzip) headers["Content-Encoding"] = "gzip";
    return c.body(gzip ? script.gzip : script.body, 200, headers);
  });
