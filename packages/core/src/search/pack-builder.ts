import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "../context/index.ts";
import { keys } from "../db/keys.ts";
import * as Document from "../document/index.ts";
import * as Storage from "../storage/index.ts";
import { casedText } from "./cased.ts";
import { planShards } from "./fanout.ts";
import { mapLimited } from "./limited.ts";
import {
  currentPackName,
  encodePack,
  type PackEntry,
  type PackMember,
  packKey,
  writePack,
} from "./packs.ts";
import { storedOrBuilt } from "./prepared.ts";

/**
 * The pack builder: puts the preparations of a workspace's documents that are in no (whole) pack
 * into new search packs (packs.ts) and points their items at them. A background step: the ingest
 * function runs it after every `PACK_DOCUMENTS`-th text it prepares in a workspace
 * (`packWhenDue`), so packs follow new documents and versions by at most that many, and it can be
 * run by hand over any workspace (the bench does, after seeding).
 *
 * Consistent without transactions, whatever stops it:
 * - a pack is written whole before any item points to it, and is immutable and content-addressed,
 *   so a rebuild of the same documents writes the same object (idempotent);
 * - each pointer is set on the condition that the document is still at the version packed, so a
 *   new version or a deletion meanwhile leaves that document unpointed, and a reader checks the
 *   pack's entry against the version it asks for in any case;
 * - a run killed after writing a pack but before (or while) pointing documents at it leaves a pack
 *   fewer documents point to than it holds: the next run packs those documents again (the same
 *   documents give the same pack), and deletes a pack nobody points to once it is older than
 *   `PACK_GRACE_MS`, which spares the fresh packs of a run still going on beside it. Searches
 *   meanwhile read every unpointed document from its own object: exact either way.
 * - two runs at once (two ingest invocations) may pack the same documents: the same bytes, or two
 *   packs each pointed to by some, which the next run tidies as above.
 *
 * A pack that fewer documents point to than it holds (a member got a new version, was deleted,
 * or a run stopped half-way) is packed again with the rest; it stays while any document still
 * points to it (it still saves their reads), and goes when none does.
 */

/** Documents a pack holds at most: 64 of 100 KB make a ~8 MB object, 16 of them 100 MB of text. */
export const PACK_DOCUMENTS = 64;
/**
 * Text a pack holds at most (units): a shard reads a pack whole even for one document in it, so
 * packs of large documents are smaller in number of documents; a document this large is read alone.
 */
export const PACK_UNITS = 8_000_000;
/** An unreferenced pack younger than this is kept: a run beside this one may be pointing to it. */
export const PACK_GRACE_MS = 15 * 60 * 1000;
/** A run starts no new pack after this long (the ingest function's timeout is 5 minutes). */
const PACK_BUDGET_MS = 2 * 60 * 1000;
const CONCURRENCY = 8;

export interface PackRun {
  /** Packs written by this run, and the documents pointed to them. */
  packsWritten: number;
  documentsPacked: number;
  /** Ready documents read from their own object until a later run packs them. */
  documentsLeft: number;
  /** Packs no document points to any more, deleted. */
  packsDeleted: number;
}

export interface PackOptions {
  budgetMs?: number;
  graceMs?: number;
  /** Pack size limits (tests make packs of a few small documents). */
  maxDocuments?: number;
  maxUnits?: number;
}

type Listing = Document.SearchListing;

const memberOf = ({ document }: Listing): PackMember => ({
  id: document.id,
  version: document.textVersion,
  length: document.textLength,
});

/** The pack key a listing points to for its current version, in the current format; else null. */
function currentPack(listing: Listing): string | null {
  return currentPackName(listing) === null ? null : (listing.searchPack?.key ?? null);
}

/**
 * Contiguous groups of at most `PACK_DOCUMENTS` documents and `PACK_UNITS` of text, in id order
 * (so a shard's contiguous documents share packs), the last one as large as what is left. A group
 * of one document saves nothing and is left out (a document larger than `PACK_UNITS`, or the
 * last one alone). The trailing group is packed too rather than left for the next run: leaving it
 * would keep up to 63 documents read one by one (measured: the 40 left of 1,000 added ~0.2–0.3 s
 * to their shard's cold read), and a small pack is whole, so later runs keep it as it is.
 */
export function groupsOf(
  listings: Listing[],
  maxDocuments = PACK_DOCUMENTS,
  maxUnits = PACK_UNITS,
): Listing[][] {
  // The shards' greedy split (contiguous, within both limits), with lone documents left out.
  const sized = listings.map((listing) => ({ listing, textLength: listing.document.textLength }));
  return planShards(sized, maxUnits, maxDocuments)
    .filter((group) => group.length > 1)
    .map((group) => group.map((s) => s.listing));
}

/**
 * What a pack of these versions holds: each one's preparation (its own object, built and stored
 * first if missing) and its case-sensitive folding (from the canonical text), eight at a time.
 */
export async function packEntriesOf(
  ctx: Context,
  workspaceId: string,
  members: PackMember[],
): Promise<PackEntry[]> {
  return mapLimited(members, CONCURRENCY, async (member) => {
    const [{ prepared, write }, canonical] = await Promise.all([
      storedOrBuilt(ctx, workspaceId, member),
      Storage.getText(ctx, Storage.objectKeys.text(workspaceId, member.id, member.version)),
    ]);
    await write;
    // The case-sensitive folding too, so a first case-sensitive search reads no canonical text.
    return { member, prepared, cased: casedText(canonical, prepared) };
  });
}

/** Packs the workspace's documents that are in no whole pack; see above. */
export async function buildPacks(
  ctx: Context,
  workspaceId: string,
  options: PackOptions = {},
): Promise<PackRun> {
  const started = Date.now();
  const budget = options.budgetMs ?? PACK_BUDGET_MS;
  const [listed, objects] = await Promise.all([
    Document.listForSearch(ctx, workspaceId),
    Storage.listObjects(ctx, Storage.objectKeys.searchPacks(workspaceId)),
  ]);
  const existing = new Set(objects.map((o) => o.key));
  // How many documents point to each pack for their current version: a pack is whole when all of
  // its documents do.
  const pointing = new Map<string, number>();
  for (const listing of listed) {
    const key = currentPack(listing);
    if (key && existing.has(key)) pointing.set(key, (pointing.get(key) ?? 0) + 1);
  }
  const inWholePack = (listing: Listing) => {
    const key = currentPack(listing);
    return key !== null && pointing.get(key) === listing.searchPack?.documents;
  };
  const loose = listed
    .filter((listing) => !inWholePack(listing))
    .sort((a, b) => (a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0));
  const groups = groupsOf(loose, options.maxDocuments, options.maxUnits);
  const pointed = new Map<string, string>();
  const run: PackRun = { packsWritten: 0, documentsPacked: 0, documentsLeft: 0, packsDeleted: 0 };
  for (const group of groups) {
    if (Date.now() - started > budget) break;
    const entries = await packEntriesOf(ctx, workspaceId, group.map(memberOf));
    const pack = encodePack(entries);
    const key = packKey(workspaceId, pack.name);
    if (!existing.has(key)) await writePack(ctx, workspaceId, pack);
    run.packsWritten++;
    const pointer = (member: PackMember) => ({
      key,
      version: member.version,
      documents: group.length,
    });
    await mapLimited(entries, CONCURRENCY, async ({ member }) => {
      if (await Document.setSearchPack(ctx, workspaceId, member.id, pointer(member))) {
        pointed.set(member.id, key);
        run.documentsPacked++;
      }
    });
  }
  // What documents point to now (this run's pointers, else the ones they had), and the packs
  // nobody points to, which go once they are old enough not to be another run's fresh pack.
  const referenced = new Set<string>();
  for (const listing of listed) {
    const key = pointed.get(listing.document.id) ?? currentPack(listing);
    if (key) referenced.add(key);
    else run.documentsLeft++;
  }
  const cutoff = ctx.now().getTime() - (options.graceMs ?? PACK_GRACE_MS);
  const unreferenced = objects
    .filter((o) => !referenced.has(o.key) && o.modifiedAt.getTime() < cutoff)
    .map((o) => o.key);
  await Storage.deleteObjects(ctx, unreferenced);
  run.packsDeleted = unreferenced.length;
  return run;
}

/**
 * The ingest hook: counts a text just prepared in the workspace (one atomic UpdateItem on the
 * workspace's `SEARCHPACKS` item) and runs the pack builder on every `PACK_DOCUMENTS`-th, so the
 * texts prepared since the last run make about one pack. The count is only a trigger: a lost or
 * doubled one shifts when the next run comes, while what a run packs comes from the documents.
 * Null when no run was due.
 */
export async function packWhenDue(ctx: Context, workspaceId: string): Promise<PackRun | null> {
  const counted = await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.table,
      Key: keys.searchPacks(workspaceId),
      UpdateExpression: "ADD preparedTexts :one",
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  const count = Number(counted.Attributes?.preparedTexts ?? 0);
  return count % PACK_DOCUMENTS === 0 ? buildPacks(ctx, workspaceId) : null;
}
