import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { GlossError } from "@gloss/core/error";
import { z } from "zod";
import { defineRoute } from "../http/route.ts";
import { router } from "../http/router.ts";
import { json } from "../http/schemas.ts";

const Health = z.object({ status: z.literal("ok"), time: z.string() }).meta({ id: "Health" });

/** Reachable means any answer at all, including "no such key". */
async function reachable(probe: Promise<unknown>): Promise<boolean> {
  try {
    await probe;
    return true;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return status === 404;
  }
}

export const health = router().openapi(
  defineRoute({
    method: "get",
    path: "/health",
    operationId: "getHealth",
    access: "public",
    summary: "Liveness and storage reachability",
    tags: ["Service"],
    responses: {
      200: json(Health, "The API and its storage answer"),
      503: json(z.any(), "Storage down"),
    },
  }),
  async (c) => {
    const { ctx } = c.var;
    const [table, bucket] = await Promise.all([
      reachable(
        ctx.db.send(new GetCommand({ TableName: ctx.table, Key: { pk: "HEALTH", sk: "HEALTH" } })),
      ),
      reachable(ctx.s3.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: "health" }))),
    ]);
    if (!table || !bucket) {
      throw new GlossError(
        "unavailable",
        "storage.unavailable",
        `storage unreachable: ${[!table && "table", !bucket && "bucket"].filter(Boolean).join(", ")}`,
      );
    }
    return c.json({ status: "ok" as const, time: new Date().toISOString() }, 200);
  },
);
