/**
 * Bulk items written straight into the embedded DynamoDB's LevelDB files, through dynalite's own
 * storage module (its key encoding, its index entries), while no dynalite server has the folder
 * open. Seeding only: a BatchWriteItem to dynalite costs ~0.7 ms of CPU per item (HTTP, SigV4,
 * validation, a lock, a read of the old item and three separate LevelDB writes, all in the same
 * two cores the other work shares), which made the 110k-passage corpus take ~20 minutes under
 * load. Here each chunk of items is one LevelDB batch: the same bytes dynalite would store, so
 * the table then reads (GetItem, Query on every index) exactly as if BatchWriteItem had written it.
 */
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { marshall } from "@aws-sdk/util-dynamodb";

/** dynalite's attribute-value item: `{ pk: { S: "WS#…" }, … }`. */
type StoredItem = Record<string, unknown>;

interface TableDefinition {
  TableName: string;
  GlobalSecondaryIndexes?: Array<{ IndexName: string }>;
  LocalSecondaryIndexes?: Array<{ IndexName: string }>;
}

interface SubDb {
  batch(operations: Array<{ type: "put"; key: string; value: StoredItem }>, cb: Callback): void;
}

type Callback = (error: Error | null) => void;

/** The parts of `dynalite/db` this uses (it ships no typings). */
interface DynaliteDb {
  create(options: { path: string }): {
    getTable(name: string, cb: (error: Error | null, table: TableDefinition) => void): void;
    getItemDb(table: string): SubDb;
    getIndexDb(type: "Global" | "Local", table: string, index: string): SubDb;
    lifecycleManager: { gracefulClose(cb: Callback): void };
  };
  createKey(item: StoredItem, table: TableDefinition): string;
  getIndexActions(
    indexes: Array<{ IndexName: string }>,
    existing: StoredItem | null,
    item: StoredItem,
    table: TableDefinition,
  ): { puts: Array<{ index: string; key: string; item: StoredItem }> };
}

const dynalite = createRequire(import.meta.url)("dynalite/db") as DynaliteDb;

/** Items per LevelDB batch: large enough to amortise, small enough to keep memory low. */
const CHUNK = 2_000;

/**
 * Puts `items` (plain objects, as the DocumentClient takes them, `removeUndefinedValues` like
 * core's client) into `table` of the dynalite data folder `path`. Items must be new: an existing
 * item's old index entries are not removed (BatchWriteItem would).
 */
export async function writeItemsDirect(
  path: string,
  table: string,
  items: Record<string, unknown>[],
  progress?: (written: number) => void,
): Promise<void> {
  const store = dynalite.create({ path });
  try {
    const definition = await promisify(store.getTable)(table);
    const itemDb = store.getItemDb(table);
    const indexes = (["Global", "Local"] as const).flatMap((type) =>
      (type === "Global"
        ? (definition.GlobalSecondaryIndexes ?? [])
        : (definition.LocalSecondaryIndexes ?? [])
      ).map((index) => ({ type, index })),
    );
    for (let i = 0; i < items.length; i += CHUNK) {
      const puts: Array<{ type: "put"; key: string; value: StoredItem }> = [];
      const indexPuts = new Map<string, typeof puts>();
      for (const plain of items.slice(i, i + CHUNK)) {
        const item = marshall(plain, { removeUndefinedValues: true }) as StoredItem;
        puts.push({ type: "put", key: dynalite.createKey(item, definition), value: item });
        for (const { type, index } of indexes) {
          for (const put of dynalite.getIndexActions([index], null, item, definition).puts) {
            const name = `${type}#${put.index}`;
            const list = indexPuts.get(name) ?? [];
            list.push({ type: "put", key: put.key, value: put.item });
            indexPuts.set(name, list);
          }
        }
      }
      // Index entries first, as dynalite's putItem does.
      for (const [name, list] of indexPuts) {
        const [type, index] = name.split("#") as ["Global" | "Local", string];
        const db = store.getIndexDb(type, table, index);
        await promisify(db.batch.bind(db))(list);
      }
      await promisify(itemDb.batch.bind(itemDb))(puts);
      progress?.(Math.min(items.length, i + CHUNK));
    }
  } finally {
    await promisify(store.lifecycleManager.gracefulClose)();
  }
}
