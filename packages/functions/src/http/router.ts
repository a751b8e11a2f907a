import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { validationHook } from "./validation.ts";

/** A sub-app whose routes validate with the shared hook; mounted under /api by the app. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
