/**
 * `npm run lint:openapi`: writes the app's OpenAPI document (what GET /api/openapi.json serves)
 * to a temporary file and lints it with Redocly CLI's recommended rules, offline. The document
 * is built from the app's routes without a request, so no storage is touched: the endpoints
 * below are never called.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createContext } from "@gloss/core/context";
import { createApp, OPENAPI_DOCUMENT } from "@gloss/functions/app";

const root = resolve(import.meta.dirname, "..");
const app = createApp({
  ctx: createContext({
    tableName: "openapi-lint",
    bucketName: "openapi-lint",
    dynamoEndpoint: "http://127.0.0.1:9",
    s3Endpoint: "http://127.0.0.1:9",
    credentials: { accessKeyId: "lint", secretAccessKey: "lint" },
  }),
});
const dir = mkdtempSync(join(tmpdir(), "gloss-openapi-"));
const file = join(dir, "openapi.json");
writeFileSync(file, JSON.stringify(app.getOpenAPI31Document(OPENAPI_DOCUMENT), null, 2));

const lint = spawnSync(
  join(root, "node_modules/.bin/redocly"),
  ["lint", file, "--config", join(root, "redocly.yaml"), "--format", "stylish"],
  {
    stdio: "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  },
);
rmSync(dir, { recursive: true, force: true });
process.exit(lint.status ?? 1);
