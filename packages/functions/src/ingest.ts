import { createContext } from "@gloss/core/context";
import { handleS3Event, type S3EventLike } from "@gloss/core/ingest";
import { Resource } from "sst";

let ctx: ReturnType<typeof createContext> | undefined;

/**
 * The ingest Lambda, run by the bucket's ObjectCreated notification: reads uploaded files into
 * their documents. The only file of this function that reads linked resources. Files that cannot
 * be read mark their document failed; a storage error fails the invocation so Lambda retries it.
 */
export async function handler(event: S3EventLike) {
  ctx ??= createContext({ tableName: Resource.Table.name, bucketName: Resource.Documents.name });
  const outcomes = await handleS3Event(ctx, event);
  if (process.env.GLOSS_LOG !== "silent") {
    for (const outcome of outcomes) {
      console.log(
        JSON.stringify({
          level: "info",
          time: new Date().toISOString(),
          message: "ingest",
          ...outcome,
        }),
      );
    }
  }
  return outcomes;
}
