import { auth } from "./auth";
import { bucket, table } from "./storage";

/** The Hono app behind a streaming Function URL; `infra/web.ts` also serves it at `/api`. */
export const api = new sst.aws.Function("Api", {
  handler: "packages/functions/src/api.handler",
  runtime: "nodejs22.x",
  memory: "1024 MB",
  timeout: "30 seconds",
  url: true,
  streaming: true,
  link: [table, bucket, auth],
});
