import { createContext } from "@gloss/core/context";
import { sweepPendingHistory } from "@gloss/core/history";
import { sweepOrphanObjects } from "@gloss/core/sweep";
import { Resource } from "sst";
import { log } from "./http/log.ts";

/**
 * The daily sweep Lambda: settles history entries left pending by a stopped writer (see
 * core/history/sweep.ts), then deletes objects left by interrupted creates (see core/sweep).
 */
export async function handler(): Promise<void> {
  const ctx = createContext({
    tableName: Resource.Table.name,
    bucketName: Resource.Documents.name,
  });
  const history = await sweepPendingHistory(ctx);
  log("info", "history-sweep", { ...history });
  const result = await sweepOrphanObjects(ctx);
  // A refusal means the table looks empty or restored: someone should look (docs/deploy.md).
  log(result.refused ? "error" : "info", "sweep", { ...result });
}
