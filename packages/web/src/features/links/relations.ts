import type { Link, Relation } from "../../api/types.ts";
import { passagePath } from "../../app/paths.ts";

/** The relations a link can state, in the order the picker offers them. */
export const RELATIONS: { value: Relation; label: string; hint: string }[] = [
  { value: "corroborates", label: "Corroborates", hint: "supports the other passage" },
  { value: "contradicts", label: "Contradicts", hint: "disputes the other passage" },
  { value: "same-incident", label: "Same incident", hint: "describes the same event" },
  { value: "cites", label: "Cites", hint: "refers to the other source" },
  { value: "related", label: "Related", hint: "bears on the other passage" },
];

/** How a relation reads from its first passage's side and from its second's. */
const PHRASES: Record<Relation, { from: string; to: string }> = {
  corroborates: { from: "Corroborates", to: "Corroborated by" },
  contradicts: { from: "Contradicts", to: "Contradicted by" },
  "same-incident": { from: "Same incident as", to: "Same incident as" },
  cites: { from: "Cites", to: "Cited by" },
  related: { from: "Related to", to: "Related to" },
};

/** How a relation reads from one of its passages: the first (`outgoing`) or the second. */
export function relationPhrase(relation: Relation, outgoing: boolean): string {
  return PHRASES[relation][outgoing ? "from" : "to"];
}

/** The link seen from one of its passages: the phrase to show and the other end. */
export function fromSideOf(link: Link, annotationId: string) {
  const outgoing = link.fromId === annotationId;
  return {
    phrase: relationPhrase(link.relation, outgoing),
    other: outgoing ? link.to : link.from,
  };
}

/** The neutral name of a relation (for lists that show both ends). */
export function relationLabel(relation: Relation): string {
  return RELATIONS.find((r) => r.value === relation)?.label ?? relation;
}

/** The reader's address of a passage, in the workspace the pages work in. */
export function passageHref(documentId: string, annotationId: string): string {
  return passagePath(documentId, annotationId);
}
