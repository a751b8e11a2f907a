import { createHash } from "node:crypto";
import * as Codebook from "../codebook/index.ts";
import type { Context } from "../context/index.ts";
import { isGlossError } from "../error/index.ts";
import type { CodeNode } from "./project.ts";

/** Gloss's limits on a code (codebook/schema.ts): label 80, description 500 characters. */
const MAX_LABEL = 80;
const MAX_DESCRIPTION = 500;

/** A label compared as people read it: case, accents and spacing do not make another code. */
export function foldName(label: string): string {
  return label.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

export interface CodePlan {
  guid: string;
  /** The code as it will read in Gloss. */
  label: string;
  color: string | undefined;
  description: string;
  /** The existing code it merges into, or null when it is created as `id`. */
  existingId: string | null;
  id: string;
  /** The Gloss id of the code it is nested under (its REFI parent), null at the top level. */
  parentId: string | null;
  /** Shortened label or description, said in the summary. */
  notice: string | null;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/** #RGB or #RRGGBB as #rrggbb; anything else is no colour (a palette one is given). */
function colorOf(value: string | null): string | undefined {
  if (!value) return undefined;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value.trim());
  if (short)
    return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  return /^#[0-9a-f]{6}$/i.test(value.trim()) ? value.trim().toLowerCase() : undefined;
}

/** A slug id that is the same on every run: labels without Latin letters get a hash, not chance. */
function slugFor(label: string): string {
  const latin = label
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
  if (!latin) return `code-${createHash("sha256").update(label).digest("hex").slice(0, 8)}`;
  return Codebook.slugify(label);
}

/**
 * How each REFI code enters the codebook. A nested code is created under the code that encloses
 * it in the file (below depth 6, under its deepest allowed ancestor, said in its notice); a nested
 * name that occurs twice in the file ("Other" under two parents) becomes "Parent › Name" so the
 * two stay apart when codes are matched by name. Codes merge by name (case- and
 * accent-insensitive) into existing ones, which keep their label, colour, description and place;
 * the others get a slug id not yet taken.
 */
export function planCodes(nodes: CodeNode[], existing: Codebook.Tag[]): CodePlan[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(foldName(n.name), (counts.get(foldName(n.name)) ?? 0) + 1);
  const byName = new Map(existing.map((t) => [foldName(t.label), t]));
  const taken = new Set(existing.map((t) => t.id));
  const plans: CodePlan[] = [];
  const idOfGuid = new Map<string, string>();
  const depthOf = new Map<string, number>(existing.map((t) => [t.id, t.path.length || 1]));
  for (const node of nodes) {
    if (!node.name) continue;
    const ambiguous = node.path.length > 0 && (counts.get(foldName(node.name)) ?? 0) > 1;
    const fullLabel = ambiguous ? [...node.path.slice(-1), node.name].join(" › ") : node.name;
    const label = clip(fullLabel, MAX_LABEL);
    const category = node.isCodable ? "" : "A category (not codable) in the source project.";
    const fullDescription = [category, node.description].filter(Boolean).join(" ");
    // The nearest enclosing code that was planned and leaves room for one more level.
    let parentId = node.parentGuid ? (idOfGuid.get(node.parentGuid) ?? null) : null;
    let clamped = false;
    while (parentId && (depthOf.get(parentId) ?? 1) >= Codebook.MAX_DEPTH) {
      parentId = plans.find((p) => p.id === parentId)?.parentId ?? null;
      clamped = true;
    }
    const description = clip(fullDescription, MAX_DESCRIPTION);
    const notices = [
      label !== fullLabel || description !== fullDescription
        ? `shortened to Gloss's limits (label ${MAX_LABEL}, description ${MAX_DESCRIPTION} characters)`
        : "",
      clamped
        ? `nested under a higher code: Gloss's codebook is ${Codebook.MAX_DEPTH} levels deep`
        : "",
    ].filter(Boolean);
    const notice = notices.length ? notices.join("; ") : null;
    const match = byName.get(foldName(label));
    if (match) {
      idOfGuid.set(node.guid, match.id);
      plans.push({
        guid: node.guid,
        label: match.label,
        color: match.color,
        description: match.description,
        existingId: match.id,
        id: match.id,
        parentId: match.parentId,
        notice: null,
      });
      continue;
    }
    let id = slugFor(label);
    for (let n = 2; taken.has(id); n++) id = `${slugFor(label).slice(0, 60)}-${n}`;
    taken.add(id);
    const plan: CodePlan = {
      guid: node.guid,
      label,
      color: colorOf(node.color),
      description,
      existingId: null,
      id,
      parentId,
      notice,
    };
    idOfGuid.set(node.guid, id);
    depthOf.set(id, (parentId ? (depthOf.get(parentId) ?? 1) : 0) + 1);
    byName.set(foldName(label), {
      id,
      label,
      color: plan.color ?? "",
      description,
      parentId,
      position: 0,
      path: [],
      createdAt: "",
      updatedAt: "",
      version: 1,
    });
    plans.push(plan);
  }
  return plans;
}

/**
 * Creates the planned codes that are new, parents before children (plans are in file order, which
 * is depth first); a code created meanwhile under the same id is kept.
 */
export async function writeCodes(
  ctx: Context,
  workspaceId: string,
  plans: CodePlan[],
): Promise<void> {
  const seen = new Set<string>();
  for (const plan of plans) {
    if (plan.existingId || seen.has(plan.id)) continue;
    seen.add(plan.id);
    const input = {
      id: plan.id,
      label: plan.label,
      ...(plan.color ? { color: plan.color } : {}),
      description: plan.description,
    };
    try {
      await Codebook.create(ctx, workspaceId, { ...input, parentId: plan.parentId });
    } catch (error) {
      if (isGlossError(error, "conflict")) continue;
      if (!isGlossError(error, "invalid")) throw error;
      // The parent went away or the tree grew deeper meanwhile: keep the code, at the top.
      await Codebook.create(ctx, workspaceId, input).catch((again: unknown) => {
        if (!isGlossError(again, "conflict")) throw again;
      });
    }
  }
}
