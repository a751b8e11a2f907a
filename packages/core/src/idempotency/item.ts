import { type Item, num, oneOf, str } from "../db/items.ts";
import { keys } from "../db/keys.ts";

/** The response a finished request is replayed with. */
export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

/**
 * An Idempotency-Key's record as stored (`IDEM#<hash>`): the request it was first used for, the
 * resource id reserved for it, the lease of the attempt running it and, once done, its response.
 */
export interface IdempotencyItem {
  requestHash: string;
  resourceId: string;
  /** Epoch milliseconds until which the running attempt holds the key. */
  leaseUntil: number;
  /** Epoch seconds, the table's TTL attribute. */
  expiresAt: number;
  /** Null while the first attempt runs (state "pending"). */
  response: StoredResponse | null;
}

/** The record of a key just claimed: pending, leased to the claiming attempt. */
export function toItem(hash: string, record: Omit<IdempotencyItem, "response">): Item {
  return { ...keys.idempotency(hash), type: "idempotency", ...record, state: "pending" };
}

/** The stored shape of a key's record, parsed. */
export function fromItem(item: Item): IdempotencyItem {
  const done = oneOf(item, "state", ["pending", "done"]) === "done";
  return {
    requestHash: str(item, "requestHash"),
    resourceId: str(item, "resourceId"),
    leaseUntil: num(item, "leaseUntil"),
    expiresAt: num(item, "expiresAt"),
    response: done
      ? {
          status: num(item, "status"),
          body: str(item, "body"),
          contentType: str(item, "contentType"),
        }
      : null,
  };
}
