/**
 * Attribution of imported annotations: who made one in the tool it comes from (W3C `creator`,
 * Hypothesis's `user`/`user_info`, Recogito's body creators) and which tool that was. Contract:
 * pure; strings are trimmed and capped, and nothing is named that the file does not say.
 */
import type * as Annotation from "../annotation/index.ts";
import { asArray, isObject } from "./import-json.ts";
import type { JsonLdAnnotation } from "./jsonld.ts";

const text = (value: unknown, max: number): string | undefined =>
  typeof value === "string" && value.trim() !== ""
    ? [...value.trim()].slice(0, max).join("")
    : undefined;

/**
 * Who made an annotation in the tool it comes from: the W3C `creator` (an IRI, or an Agent with
 * `id`, `name` or `nickname`; the first of several), Hypothesis's API `user` (`acct:` id) with
 * `user_info.display_name`, else the creator of its first body that has one (Recogito puts it on
 * bodies too). The tool is told by the shapes it writes: Hypothesis's `acct:` user ids, and
 * Recogito's targets, which keep the `annotation` they belong to; otherwise none is named.
 */
export function creatorOf(item: JsonLdAnnotation): Annotation.ImportedCreator | undefined {
  const agentOf = (value: unknown): { id?: string; name?: string } | undefined => {
    const agent = asArray(value)[0];
    if (typeof agent === "string") return { id: agent };
    if (!isObject(agent)) return undefined;
    const id = text(agent.id, 500);
    const name = text(agent.name, 200) ?? text(agent.nickname, 200);
    return id || name ? { ...(id ? { id } : {}), ...(name ? { name } : {}) } : undefined;
  };
  const userInfo = isObject(item.user_info) ? item.user_info : {};
  const hypothesisUser = text(item.user, 500);
  const agent =
    agentOf(item.creator) ??
    (hypothesisUser
      ? {
          id: hypothesisUser,
          ...(text(userInfo.display_name, 200) ? { name: text(userInfo.display_name, 200) } : {}),
        }
      : undefined) ??
    asArray(item.body)
      .map((b) => (isObject(b) ? agentOf(b.creator) : undefined))
      .find(Boolean);
  if (!agent) return undefined;
  const recogito = asArray(item.target).some(
    (t) => isObject(t) && typeof t.annotation === "string",
  );
  const tool = agent.id?.startsWith("acct:") ? "Hypothesis" : recogito ? "Recogito" : undefined;
  return { ...agent, ...(tool ? { tool } : {}) };
}
