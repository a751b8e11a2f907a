/**
 * The codes of an import: each imported tag resolved to a code of the workspace's codebook, and
 * the codes new to it created where their `codePath` puts them. Contract: one resolver per import
 * run (it remembers the codes it has resolved or made for the rest of the file); it never moves or
 * duplicates an existing code, and a code that already exists (a concurrent import) is not an error.
 */
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { GlossError } from "../error/index.ts";
import type { Passage } from "./import-passage.ts";

/** A label as codes are matched by it: accents, case and spacing ignored. */
export const labelKey = (label: string) =>
  label.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase().replace(/\s+/g, " ").trim();

export interface ResolvedTag {
  id: string;
  label: string;
  parents: string[];
}

export interface CodeResolver {
  /** Each tag as the code it is (id and label), its parents as the file gave them. */
  resolveTags(tags: Passage["tags"]): ResolvedTag[];
  /** Creates the codes of `tags` the codebook does not have yet, under their parents. */
  ensureTags(tags: ResolvedTag[]): Promise<void>;
}

/** A resolver over the workspace's codebook as it is now; codes it creates go to `tagsCreated`. */
export async function codeResolver(
  ctx: Context,
  workspaceId: string,
  tagsCreated: string[],
): Promise<CodeResolver> {
  const codebook = await Codebook.list(ctx, workspaceId);
  const known = new Set(codebook.map((t) => t.id));
  const byLabel = new Map(codebook.map((t) => [labelKey(t.label), t.id]));
  // A tag is the code its Gloss IRI names when the codebook has it, else the code with its label,
  // else a new code: the IRI's id, or a slug of the label (remembered for the rest of the file).
  const shortLabel = (label: string) => [...label].slice(0, 80).join("").trim();
  const resolveTags = (tags: Passage["tags"]): ResolvedTag[] =>
    tags.map((tag) => {
      const label = shortLabel(tag.label) || (tag.id ?? "");
      if (tag.id && known.has(tag.id)) return { id: tag.id, label, parents: tag.parents };
      const id = byLabel.get(labelKey(label)) ?? tag.id ?? Codebook.slugify(label);
      byLabel.set(labelKey(label), id);
      return { id, label, parents: tag.parents };
    });
  // A code new to the workspace is added where its `codePath` puts it: a parent is the code with
  // that label (accents, case and spacing ignored, as tags are matched), else a new one under the
  // parent before it. A path Gloss cannot keep (too deep) leaves the code at the top.
  const createCode = async (id: string, label: string, parentId: string | null) => {
    try {
      await Codebook.create(ctx, workspaceId, { id, label: label || id, parentId });
      tagsCreated.push(id);
    } catch (error) {
      if (!(error instanceof GlossError && error.kind === "conflict")) throw error;
    }
    known.add(id);
  };
  // The deepest parent the codebook already has is kept where it is; only the parents below it
  // are added, so a path never duplicates or moves existing codes.
  const parentFor = async (labels: string[]): Promise<string | null> => {
    const short = labels.map(shortLabel);
    let parentId: string | null = null;
    let from = 0;
    for (let i = short.length - 1; i >= 0; i--) {
      const id = byLabel.get(labelKey(short[i]!));
      if (id && known.has(id)) {
        parentId = id;
        from = i + 1;
        break;
      }
    }
    for (const label of short.slice(from)) {
      const id = byLabel.get(labelKey(label)) ?? Codebook.slugify(label);
      byLabel.set(labelKey(label), id);
      await createCode(id, label, parentId);
      parentId = id;
    }
    return parentId;
  };
  const ensureTags = async (tags: ResolvedTag[]) => {
    for (const tag of tags) {
      if (known.has(tag.id)) continue;
      let parentId: string | null = null;
      try {
        parentId = await parentFor(tag.parents);
      } catch (error) {
        if (!(error instanceof GlossError && error.kind === "invalid")) throw error;
      }
      try {
        await createCode(tag.id, tag.label, parentId);
      } catch (error) {
        if (!(error instanceof GlossError && error.kind === "invalid") || parentId === null)
          throw error;
        await createCode(tag.id, tag.label, null);
      }
    }
  };
  return { resolveTags, ensureTags };
}
