import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { referenceCss, referenceHtml } from "../reference/page.ts";
import { referenceJs } from "../reference/script.ts";

/** The interactive API reference; static, so it is not itself listed in the OpenAPI document. */
export const reference = new Hono<AppEnv>()
  .get("/docs", (c) => c.html(referenceHtml))
  .get("/docs/reference.js", (c) =>
    c.body(referenceJs, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
  )
  .get("/docs/reference.css", (c) =>
    c.body(referenceCss, 200, { "Content-Type": "text/css; charset=utf-8" }),
  );
