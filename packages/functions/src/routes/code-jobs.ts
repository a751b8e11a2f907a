import { GlossError } from "@gloss/core/error";
import * as Search from "@gloss/core/search";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { errors, json, WorkspaceParams } from "../http/schemas.ts";

const JobParams = WorkspaceParams.extend({
  jobId: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("The job's id, as `POST …/search/code` answered it"),
});

/** The progress of a background code-from-search job (core/search/code-job.ts). */
export const codeJobs = router().openapi(
  defineRoute({
    method: "get",
    path: "/workspaces/{ws}/search/code/{jobId}",
    operationId: "getCodeSearchJob",
    access: "viewer",
    summary: "A background coding's progress and outcome",
    description:
      "`progress.done` of `progress.total` passages written; `stalled` when its worker fell silent (post the same request again to resume it, each hit still coded once).",
    tags: ["Search"],
    request: { params: JobParams },
    responses: { 200: json(Search.CodeJob, "The job"), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const job = await Search.getCodeJob(c.var.ctx, c.var.workspace.id, c.req.valid("param").jobId);
    if (!job) throw new GlossError("not_found", "search.code_job_not_found", "no such coding job");
    return c.json(job, 200);
  },
);
