import { GlossError } from "@gloss/core/error";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { resolveCaller, workspaceAccess } from "./http/caller.ts";
import type { AppDeps, AppEnv } from "./http/env.ts";
import { onError } from "./http/errors.ts";
import { sameOriginOnly, securityHeaders } from "./http/headers.ts";
import { log } from "./http/log.ts";
import { SECURITY_SCHEMES } from "./http/route.ts";
import { validationHook } from "./http/validation.ts";
import { annotations } from "./routes/annotations.ts";
import { attributes } from "./routes/attributes.ts";
import { auth as authRoutes } from "./routes/auth.ts";
import { backup } from "./routes/backup.ts";
import { captureRoutes } from "./routes/capture.ts";
import { codeJobs } from "./routes/code-jobs.ts";
import { documents } from "./routes/documents.ts";
import { exports } from "./routes/exports.ts";
import { findings } from "./routes/findings.ts";
import { health } from "./routes/health.ts";
import { history, recordActor } from "./routes/history.ts";
import { links } from "./routes/links.ts";
import { me } from "./routes/me.ts";
import { members } from "./routes/members.ts";
import { provenance } from "./routes/provenance.ts";
import { queries } from "./routes/queries.ts";
import { reference } from "./routes/reference.ts";
import { refiImports } from "./routes/refi-imports.ts";
import { rounds } from "./routes/rounds.ts";
import { search } from "./routes/search.ts";
import { shared } from "./routes/shared.ts";
import { shares } from "./routes/shares.ts";
import { tags } from "./routes/tags.ts";
import { tokens } from "./routes/tokens.ts";
import { uploads } from "./routes/uploads.ts";
import { verify } from "./routes/verify.ts";
import { workspaces } from "./routes/workspaces.ts";

export type { AppDeps, AuthConfig, Caller } from "./http/env.ts";

export const API_VERSION = "0.1.0";

/** The head of /api/openapi.json; the paths and components come from the routes. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  // The paths carry their /api prefix: the API is served from the reader's own origin.
  servers: [{ url: "/", description: "The origin this document was fetched from" }],
  info: {
    title: "Gloss",
    version: API_VERSION,
    description:
      "Document annotation for policy and human-rights research. Errors are `{error: {code, message}}`; lists are `{items, nextCursor}`.",
  },
};

/**
 * Builds the Gloss HTTP app from its dependencies. The Lambda entry, the local runtime and the
 * tests all call this, so they serve the very same app.
 */
export function createApp(deps: AppDeps) {
  const auth = deps.auth ?? { mode: "local" };
  // basePath, not a mount: the OpenAPI document then lists the real paths, /api/… included.
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).basePath("/api");

  api.use("*", requestId({ headerName: "X-Request-Id" }));
  api.use("*", securityHeaders);
  api.use("*", sameOriginOnly);
  api.use("*", async (c, next) => {
    c.set("ctx", deps.ctx);
    c.set("auth", auth);
    const started = performance.now();
    await next();
    log("info", "request", {
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  api.use("*", resolveCaller(deps.ctx));
  api.use("*", recordActor);
  api.use("/workspaces/:ws/*", workspaceAccess);

  api.route("/", health);
  api.route("/", authRoutes);
  api.route("/", me);
  api.route("/", tokens);
  api.route("/", members);
  api.route("/", workspaces);
  api.route("/", tags);
  api.route("/", uploads);
  api.route("/", documents);
  api.route("/", annotations);
  api.route("/", links);
  api.route("/", findings);
  api.route("/", search);
  api.route("/", exports);
  api.route("/", refiImports);
  api.route("/", backup);
  api.route("/", rounds);
  api.route("/", shares);
  api.route("/", shared);
  api.route("/", reference);
  api.route("/", attributes);
  api.route("/", queries);
  api.route("/", provenance);
  api.route("/", verify);
  api.route("/", captureRoutes(deps.capture));
  api.route("/", history);
  api.route("/", codeJobs);

  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    api.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  }
  api.doc31("/openapi.json", OPENAPI_DOCUMENT);

  api.notFound(() => {
    throw new GlossError("not_found", "route.not_found", "no such API route; see /api/docs");
  });
  api.onError(onError);

  return api;
}
