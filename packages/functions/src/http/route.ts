import { GlossError } from "@gloss/core/error";
import { type Role, roleAtLeast } from "@gloss/core/workspace";
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { ACCESS_COOKIE } from "./cookies.ts";
import type { AppEnv } from "./env.ts";
import { type IdempotencyRule, idempotent } from "./idempotency.ts";
import { errors } from "./schemas.ts";

/** Bodies of routes that do not say otherwise: plenty for an annotation with a long note. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Who may call a route: `public` (no caller needed), `user` (any signed-in caller), or the least
 * workspace role. Every route declares one; the app refuses to register a route without it.
 */
export type Access = "public" | "user" | Role;

const requireCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.caller) throw new GlossError("unauthenticated", "auth.required", "sign in first");
  await next();
};

function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const workspace = c.var.workspace;
    if (!workspace) {
      throw new Error(`route ${c.req.path} needs a workspace role but has no :ws parameter`);
    }
    if (!roleAtLeast(workspace.role, role)) {
      throw new GlossError(
        "forbidden",
        "auth.forbidden",
        `this needs the ${role} role; you are ${workspace.role}`,
      );
    }
    await next();
  };
}

/**
 * Refuses a body whose media type the route does not declare (415). Stricter than the validator,
 * which would read a urlencoded form where multipart is declared and then fail on its fields.
 */
function acceptOnly(mediaTypes: string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const contentType = c.req.header("content-type");
    const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
    if (mediaType && !mediaTypes.includes(mediaType)) {
      throw new GlossError(
        "unsupported",
        "request.unsupported_media_type",
        `send ${mediaTypes.join(" or ")}, not ${mediaType}`,
      );
    }
    await next();
  };
}

const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(8)
    .max(255)
    // The limit `idempotent()` enforces, stated where clients read it.
    .regex(/^[\x21-\x7e]{8,255}$/)
    .optional()
    .describe("Retry-safe creates: the same key returns the first result for 24 hours"),
});

const limitBody = (maxSize: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new GlossError(
        "too_large",
        "request.too_large",
        `the request body is larger than ${maxSize} bytes`,
      );
    },
  });

/** The OpenAPI security schemes every non-public operation accepts (registered by the app). */
export const SECURITY_SCHEMES = {
  bearerToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "gls_…",
    description:
      "A personal API token (`Authorization: Bearer gls_…`), made under /api/me/tokens and shown once.",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: ACCESS_COOKIE,
    description:
      "The reader's session after signing in (with its refresh cookie); writes also need a same-origin request.",
  },
} as const;

/** Either scheme will do; a public operation needs none. */
function securityOf(access: Access) {
  return access === "public" ? [] : [{ bearerToken: [] }, { sessionCookie: [] }];
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The operationId of a route that names none, from its method and path: `{param}` reads as
 * `By<Param>`, other segments as their words, so `GET /workspaces/{ws}/exports/extracts.csv`
 * becomes `getWorkspacesByWsExportsExtractsCsv`. It depends only on method and path, so it is
 * stable across builds and unique across routes (the app serves one handler per method and path).
 */
export function defaultOperationId(method: string, path: string): string {
  const words = path.split("/").flatMap((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (param) return [`By${capitalise(param)}`];
    return segment
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map(capitalise);
  });
  return method.toLowerCase() + words.join("");
}

/**
 * A route with its access rule and body limit. The access rule appears in the OpenAPI document as
 * `x-gloss-access` and as the operation's `security`, so tests and generated clients can tell what
 * every route needs. A route without an `operationId` gets `defaultOperationId`'s.
 *
 * Each route's `defineRoute({...})` and handler are written out in full where the route is mounted,
 * deliberately, though many look alike: the block is that operation's OpenAPI metadata (summary,
 * description, request and response schemas, access), read and reviewed per route, and its
 * handler stays inline after it (CONVENTIONS: the edge stays thin).
 */
export function defineRoute<const R extends Omit<RouteConfig, "middleware">>(
  config: R & {
    access: Access;
    maxBodyBytes?: number;
    rateLimit?: MiddlewareHandler<AppEnv>;
    idempotent?: IdempotencyRule;
  },
) {
  const { access, maxBodyBytes, rateLimit, idempotent: idempotency, ...rest } = config;
  const middleware: MiddlewareHandler<AppEnv>[] = [limitBody(maxBodyBytes ?? DEFAULT_BODY_LIMIT)];
  if (access !== "public") middleware.push(requireCaller);
  if (access !== "public" && access !== "user") middleware.push(requireRole(access));
  if (rateLimit) middleware.push(rateLimit);
  const content = rest.request?.body?.content;
  if (content) middleware.push(acceptOnly(Object.keys(content)));
  if (idempotency) middleware.push(idempotent(idempotency));
  const request = idempotency ? { ...rest.request, headers: IdempotencyHeader } : rest.request;
  // Every route can answer these: a malformed request (undecodable path, bad JSON), a credential
  // that is present but invalid (refused on any route, public ones too), and the body limit.
  const responses = { ...errors(400, 401, 413), ...rest.responses };
  return createRoute({
    ...rest,
    operationId: rest.operationId ?? defaultOperationId(rest.method, rest.path),
    security: rest.security ?? securityOf(access),
    request,
    responses,
    middleware,
    "x-gloss-access": access,
  } as unknown as R & {
    middleware: MiddlewareHandler<AppEnv>[];
  });
}
