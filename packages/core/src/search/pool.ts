import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Context } from "../context/index.ts";
import { type WorkerEntry, workerEntry } from "../thread/worker-entry.ts";
import type { ShardInvoker } from "./fanout.ts";
import { runShard, type ShardRequest, type ShardResult } from "./shard.ts";

/**
 * The local runtime's shard runner: a small pool of `worker_threads` workers, one per core, each
 * running `runShard` (shard-worker.ts), so a local search over a large corpus uses every core as
 * the deployed fan-out uses parallel Lambda invocations. Same code, same answers; only where the
 * shard runs differs.
 *
 * Why threads and not processes or in-process: the scan is CPU-bound JavaScript, so in process the
 * shards of one search ran one after another on one core; a worker has its own event loop and
 * heap, starts in well under a second (it is started ahead, `startShardPool`), and shares the
 * process's memory limit. A shard carries its storage (bucket, endpoint, credentials), so one pool
 * serves every context (each test file has its own bucket).
 *
 * Cache affinity: a shard goes to the worker that last ran a shard starting at the same document
 * (shards are contiguous id ranges, so a repeated search sends each shard where its versions are
 * already prepared), else to the least busy worker. A worker that dies fails its shards (thrown,
 * so the fan-out retries them) and is replaced on next use.
 */
export interface ShardStorage {
  bucket: string;
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface PoolRequest {
  id: number;
  storage: ShardStorage;
  request: ShardRequest;
}

export type PoolReply = { id: number; result: ShardResult } | { id: number; failed: string };

/** Shards smaller than this run in the calling thread: a worker's round trip would not pay. */
export const POOL_MIN_UNITS = 2_000_000;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

class ShardPool {
  readonly #slots: Array<Slot | null>;
  readonly #affinity = new Map<string, number>();
  #next = 0;

  constructor(
    readonly size: number,
    readonly entry: WorkerEntry,
  ) {
    this.#slots = Array.from({ length: size }, () => null);
  }

  #start(index: number): Slot {
    const cacheMb = Number(process.env.GLOSS_SEARCH_CACHE_MB) || 512;
    const worker = new Worker(this.entry.source, {
      eval: this.entry.eval,
      // The process's shard cache budget, shared out between the workers.
      env: { ...process.env, GLOSS_SEARCH_CACHE_MB: String(Math.ceil(cacheMb / this.size)) },
    });
    const pending: Slot["pending"] = new Map();
    const ready = new Promise<void>((resolve) => {
      worker.on("message", (message: PoolReply | { ready: true }) => {
        if ("ready" in message) return resolve();
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        // An idle worker does not keep the process alive; a busy one does (its caller waits).
        if (pending.size === 0) worker.unref();
        if ("failed" in message) waiting?.reject(new Error(message.failed));
        else waiting?.resolve(message.result);
      });
    });
    const fail = (reason: string) => {
      if (this.#slots[index]?.worker === worker) this.#slots[index] = null;
      for (const waiting of pending.values()) waiting.reject(new Error(reason));
      pending.clear();
    };
    worker.on("error", (error) => fail(`a search worker failed: ${error.message}`));
    worker.on("exit", (code) => fail(`a search worker stopped (exit code ${code})`));
    // Referenced while it starts (a caller may be waiting for it), then only while busy.
    void ready.then(() => {
      if (pending.size === 0) worker.unref();
    });
    const slot = { worker, ready, pending };
    this.#slots[index] = slot;
    return slot;
  }

  /** Starts every worker and waits until each has loaded its code. */
  async start(): Promise<void> {
    await Promise.all(this.#slots.map((slot, i) => (slot ?? this.#start(i)).ready));
  }

  #pick(key: string): number {
    const kept = this.#affinity.get(key);
    if (kept !== undefined) return kept;
    const load = (i: number) => this.#slots[i]?.pending.size ?? 0;
    let best = 0;
    for (let i = 1; i < this.size; i++) if (load(i) < load(best)) best = i;
    if (this.#affinity.size > 10_000) this.#affinity.clear();
    this.#affinity.set(key, best);
    return best;
  }

  run(storage: ShardStorage, request: ShardRequest): Promise<unknown> {
    const first = request.documents[0]?.id ?? "";
    const index = this.#pick(`${storage.bucket}/${request.workspaceId}/${first}`);
    const slot = this.#slots[index] ?? this.#start(index);
    const id = this.#next++;
    const message: PoolRequest = { id, storage, request };
    return new Promise((resolve, reject) => {
      // Counted at once, so the next shard of the same search sees this worker busy.
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      void slot.ready.then(() => slot.worker.postMessage(message));
    });
  }

  /** Shards in flight per worker. */
  load(): number[] {
    return this.#slots.map((slot) => slot?.pending.size ?? 0);
  }

  async close(): Promise<void> {
    const slots = [...this.#slots];
    this.#slots.fill(null);
    this.#affinity.clear();
    await Promise.all(slots.map((slot) => slot?.worker.terminate()));
  }
}

/** Workers in the pool: GLOSS_SEARCH_WORKERS, else one per core; 0 or 1 means no pool. */
export const POOL_SIZE = Number(process.env.GLOSS_SEARCH_WORKERS ?? availableParallelism());

let pool: ShardPool | null | undefined;

function sharedPool(): ShardPool | null {
  if (pool === undefined) {
    // From source the worker is shard-worker.ts; bundled, `search-shard-worker.mjs` beside the
    // bundle. Without one, shards run in the calling thread.
    const entry =
      POOL_SIZE > 1
        ? workerEntry(import.meta.url, "./shard-worker.ts", "./search-shard-worker.mjs")
        : null;
    pool = entry ? new ShardPool(POOL_SIZE, entry) : null;
  }
  return pool;
}

/** Starts the pool's workers ahead of the first search (the local runtime, benches). */
export async function startShardPool(): Promise<void> {
  await sharedPool()?.start();
}

/** Stops the pool's workers (tests, benches); the next large search starts them again. */
export async function closeShardPool(): Promise<void> {
  await pool?.close();
}

/** What a worker needs to reach the context's bucket. */
async function storageOf(ctx: Context): Promise<ShardStorage> {
  const { config } = ctx.s3;
  const [region, endpoint, credentials] = await Promise.all([
    config.region(),
    config.endpoint?.(),
    config.credentials(),
  ]);
  return {
    bucket: ctx.bucket,
    region,
    ...(endpoint
      ? {
          endpoint: `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ""}${endpoint.path}`,
        }
      : {}),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
  };
}

/**
 * Runs shards of at least `minUnits` of text in the pool, smaller ones (and all of them without a
 * pool) in the calling thread, with `ctx`'s own clients.
 */
export function localShardInvoker(ctx: Context, minUnits = POOL_MIN_UNITS): ShardInvoker {
  return async (request) => {
    const units = request.documents.reduce((n, d) => n + d.length, 0);
    const running = units >= minUnits ? sharedPool() : null;
    if (!running) return runShard(ctx, request);
    return running.run(await storageOf(ctx), request);
  };
}

/** Workers the pool runs (0 without one: one core, or no worker file when bundled). */
export function shardPoolSize(): number {
  return sharedPool()?.size ?? 0;
}

/** Shards in flight per worker (tests: the shards of one search go to different workers). */
export function shardPoolLoad(): number[] {
  return sharedPool()?.load() ?? [];
}

/** How many shards a local search is split into: one per worker (1 without a pool). */
export function localParts(): number {
  return sharedPool()?.size ?? 1;
}
