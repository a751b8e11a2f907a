import * as Annotation from "../annotation/index.ts";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";
import type { RecodeInput, RecodeResult } from "./schema.ts";

/**
 * Updates in flight at once: enough to hide a round trip's latency, few enough to stay far below
 * a table's write capacity and the SDK's socket pool (50) while other requests run.
 */
const CONCURRENCY = 8;

/** A re-tag is a pure function of the codes a passage has, so a 409 is simply read and redone. */
const ATTEMPTS = 3;

/** The codes a passage ends with; the same list when nothing changes. */
export function recodedTags(tags: string[], tagId: string, input: RecodeInput): string[] {
  if (input.action === "remove") return tags.filter((t) => t !== tagId);
  const to = input.to!;
  if (input.action === "add") return tags.includes(to) ? tags : [...tags, to];
  if (!tags.includes(tagId)) return tags;
  return [...new Set(tags.map((t) => (t === tagId ? to : t)))];
}

/**
 * Re-codes selected passages of one code: move them to another code (a split by hand), add a
 * code beside it, or take it off. Each passage is one version-checked update through the
 * annotation's own recorded path (one history entry, counts kept by its follow-up), run a few at
 * a time; a passage changed meanwhile is read again and redone. One passage failing does not stop
 * the others: the result says which and why. A retry of the same request changes nothing twice.
 * `visible` is the caller's blind-round rule: a hidden passage fails as an absent one.
 *
 * Hook for the batched history-recorded writer (issue 18/19 "bulk"): when it exists, the loop
 * below becomes one call to it with the same `recodedTags` for every passage.
 */
export async function recode(
  ctx: Context,
  workspaceId: string,
  tagId: string,
  input: RecodeInput,
  visible: (passage: Annotation.Annotation) => boolean,
): Promise<RecodeResult> {
  await Codebook.get(ctx, workspaceId, tagId);
  if (input.action !== "remove") {
    if (!input.to) {
      throw new GlossError("invalid", "recode.target_required", `${input.action} needs \`to\``);
    }
    if (input.to === tagId) {
      throw new GlossError("invalid", "recode.same_code", "`to` is the code the passages have");
    }
    await Codebook.get(ctx, workspaceId, input.to).catch((error: unknown) => {
      if (error instanceof GlossError && error.kind === "not_found") {
        throw new GlossError("invalid", "tag.unknown", `no code "${input.to}" to re-code with`);
      }
      throw error;
    });
  }
  const result: RecodeResult = { changed: 0, unchanged: 0, failed: [] };
  const ids = [...new Set(input.annotationIds)];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        (await recodeOne(ctx, workspaceId, id, tagId, input, visible))
          ? result.changed++
          : result.unchanged++;
      } catch (error) {
        if (!(error instanceof GlossError)) throw error;
        result.failed.push({ annotationId: id, code: error.code, message: error.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return result;
}

async function recodeOne(
  ctx: Context,
  workspaceId: string,
  annotationId: string,
  tagId: string,
  input: RecodeInput,
  visible: (passage: Annotation.Annotation) => boolean,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const passage = await Annotation.get(ctx, workspaceId, annotationId);
    if (!visible(passage)) {
      throw new GlossError(
        "not_found",
        "annotation.not_found",
        "no such annotation in this workspace",
      );
    }
    const tags = recodedTags(passage.tags, tagId, input);
    if (tags.length === passage.tags.length && tags.every((t, i) => t === passage.tags[i])) {
      return false;
    }
    try {
      await Annotation.update(ctx, workspaceId, annotationId, { tags, version: passage.version });
      return true;
    } catch (error) {
      const stale = error instanceof GlossError && error.code === "annotation.version_conflict";
      if (!stale || attempt >= ATTEMPTS) throw error;
    }
  }
}
