/**
 * What an export reads of links: the workspace's links by annotation id (either end), read once
 * per export with the blind rule and the coding layer applied, and the passages linked to a page
 * of annotations with their quotes. Contract: links touching a hidden or replaced passage are
 * never returned.
 */
import type * as Annotation from "../annotation/index.ts";
import type { Context } from "../context/index.ts";
import * as Link from "../link/index.ts";
import type { ExportScope, LinkedPassage } from "./source-types.ts";

type Passage = Annotation.Annotation;

export class LinkReader {
  private linkIndex: Promise<Map<string, Link.StoredLink[]>> | null = null;

  constructor(
    readonly ctx: Context,
    readonly scope: ExportScope,
  ) {}

  /** Links of the workspace by annotation id (either end). */
  private links(): Promise<Map<string, Link.StoredLink[]>> {
    const blind = this.scope.blind;
    const layer = this.scope.layer;
    this.linkIndex ??= Link.listAll(this.ctx, this.scope.workspaceId)
      .then((links) => (blind ? blind.links(links) : links))
      .then((links) =>
        layer ? links.filter((l) => layer.keeps(l.fromId) && layer.keeps(l.toId)) : links,
      )
      .then((links) => {
        const index = new Map<string, Link.StoredLink[]>();
        for (const link of links) {
          for (const end of [link.fromId, link.toId]) {
            const list = index.get(end) ?? [];
            list.push(link);
            index.set(end, list);
          }
        }
        return index;
      });
    return this.linkIndex;
  }

  /** Every link of the workspace, once each, in creation order. */
  async allLinks(): Promise<Link.StoredLink[]> {
    const unique = new Map<string, Link.StoredLink>();
    for (const list of (await this.links()).values()) for (const l of list) unique.set(l.id, l);
    return [...unique.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The passages linked to each annotation of a page, with their quotes (links to deleted ends left out). */
  async linkedPassages(annotations: Passage[]): Promise<Map<string, LinkedPassage[]>> {
    const index = await this.links();
    const touching = new Map<string, Link.StoredLink>();
    for (const a of annotations) for (const l of index.get(a.id) ?? []) touching.set(l.id, l);
    const result = new Map<string, LinkedPassage[]>();
    if (touching.size === 0) return result;
    const inPage = new Set(annotations.map((a) => a.id));
    const joined = await Link.withEnds(this.ctx, this.scope.workspaceId, [...touching.values()]);
    for (const link of joined) {
      for (const [here, there] of [
        [link.from, link.to],
        [link.to, link.from],
      ] as const) {
        if (!inPage.has(here.annotationId)) continue;
        const list = result.get(here.annotationId) ?? [];
        list.push({
          annotationId: there.annotationId,
          relation: link.relation,
          exact: there.exact,
        });
        result.set(here.annotationId, list);
      }
    }
    return result;
  }
}
