import { contextOf, reanchor } from "@gloss/core/text";
import { describe, expect, it } from "vitest";

const BASE = [
  "Recruiters in the border town promised the workers a monthly wage of 450 dollars and a one-year contract.",
  "On arrival the supervisor collected every passport and told the men they owed the cost of their journey.",
  "Anyone who missed the daily target was locked in a storeroom overnight without food.",
  "Local police detained two men who escaped and charged them with illegal entry.",
  "The company denied the allegations and said all workers were free to leave at any time.",
].join("\n\n");

/** The selector of the first occurrence of `exact` in `text` (or the n-th). */
function quote(text: string, exact: string, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(exact, start + 1);
  if (start === -1) throw new Error(`not in text: ${exact}`);
  const end = start + exact.length;
  return { start, end, exact, ...contextOf(text, start, end) };
}

type Expected =
  | { at: string; occurrence?: number; method?: "position" | "quote" | "fuzzy" }
  | "orphaned";

interface Case {
  name: string;
  passage: string;
  occurrence?: number;
  edit: (text: string) => string;
  expected: Expected;
  old?: string;
}

const replace = (from: string, to: string) => (text: string) => {
  if (!text.includes(from)) throw new Error(`edit does not apply: ${from}`);
  return text.replace(from, to);
};
const compose =
  (...edits: Array<(text: string) => string>) =>
  (text: string) =>
    edits.reduce((t, e) => e(t), text);

/** The golden set: edits researchers' sources go through, and where each passage must end up. */
const CASES: Case[] = [
  {
    name: "unchanged text keeps the passage where it was",
    passage: "collected every passport",
    edit: (t) => t,
    expected: { at: "collected every passport", method: "position" },
  },
  {
    name: "an insertion before the passage shifts it",
    passage: "locked in a storeroom overnight",
    edit: (t) => `Editor's note: names have been changed.\n\n${t}`,
    expected: { at: "locked in a storeroom overnight", method: "position" },
  },
  {
    name: "an edit after the passage leaves it in place",
    passage: "monthly wage of 450 dollars",
    edit: replace("free to leave at any time", "free to leave whenever they wished"),
    expected: { at: "monthly wage of 450 dollars", method: "position" },
  },
  {
    name: "edits in paragraphs before and after the passage leave its paragraph in place",
    passage: "detained two men who escaped",
    edit: compose(
      replace("Recruiters", "Labour brokers"),
      replace("denied the allegations", "rejected every allegation"),
    ),
    expected: { at: "detained two men who escaped", method: "position" },
  },
  {
    name: "edits inside the passage's own paragraph, before and after it, find the exact quote",
    passage: "detained two men who escaped",
    edit: compose(
      replace("Recruiters", "Labour brokers"),
      replace("Local police", "The local police"),
      replace("illegal entry", "unlawful entry"),
    ),
    expected: { at: "detained two men who escaped", method: "quote" },
  },
  {
    name: "a small edit inside the passage is matched fuzzily",
    passage: "the supervisor collected every passport and told the men",
    edit: replace("collected every passport", "collected all the passports"),
    expected: {
      at: "the supervisor collected all the passports and told the men",
      method: "fuzzy",
    },
  },
  {
    name: "a typo fixed inside the passage is matched fuzzily",
    passage: "Anyone who missed the daily target was locked",
    edit: compose(
      replace("Recruiters", "Brokers"),
      replace("missed the daily target", "missed the daily quota"),
    ),
    expected: { at: "Anyone who missed the daily quota was locked", method: "fuzzy" },
  },
  {
    name: "a deleted passage is orphaned",
    passage: "locked in a storeroom overnight without food",
    edit: replace(
      "Anyone who missed the daily target was locked in a storeroom overnight without food.\n\n",
      "",
    ),
    expected: "orphaned",
  },
  {
    name: "a passage rewritten into a different sentence is orphaned, not attached to it",
    passage: "charged them with illegal entry",
    edit: replace("charged them with illegal entry", "released them without charge the next day"),
    expected: "orphaned",
  },
  {
    name: "a short quote whose sentence was rewritten is orphaned even though the words recur",
    passage: "workers",
    edit: compose(
      replace("promised the workers a monthly", "promised recruits a monthly"),
      replace("Recruiters in", "Agents in"),
    ),
    expected: "orphaned",
  },
  {
    name: "a sentence duplicated elsewhere keeps the passage at its own copy",
    passage: "collected every passport",
    edit: compose(
      replace("Recruiters", "Brokers"),
      (t) => `${t}\n\nThe report repeats: the supervisor collected every passport.`,
    ),
    expected: { at: "collected every passport", occurrence: 0, method: "position" },
  },
  {
    name: "a sentence duplicated elsewhere, with the passage's own paragraph edited, keeps its copy",
    passage: "collected every passport",
    edit: compose(
      replace("On arrival the supervisor", "On arrival, the supervisor"),
      replace("passport and told", "passport, and told"),
      (t) => `${t}\n\nThe report repeats: the supervisor collected every passport.`,
    ),
    expected: { at: "collected every passport", occurrence: 0, method: "quote" },
  },
  {
    name: "between two identical copies the one nearest the old position wins",
    old: "Intro.\n\nHe said: we were beaten.\n\nMiddle part of the report goes on for a while here.\n\nHe said: we were beaten.\n\nEnd.",
    passage: "we were beaten",
    occurrence: 1,
    edit: compose(
      replace("Intro.", "Introduction, revised."),
      replace("End.", "The end, revised."),
    ),
    expected: { at: "we were beaten", occurrence: 1, method: "position" },
  },
  {
    name: "a paragraph moved to another place is found by its exact quote",
    passage: "The company denied the allegations",
    edit: (t) => {
      const paragraph =
        "The company denied the allegations and said all workers were free to leave at any time.";
      return `${paragraph}\n\n${t.replace(`\n\n${paragraph}`, "")}`;
    },
    expected: { at: "The company denied the allegations", method: "quote" },
  },
  {
    name: "a passage whose surroundings were all rewritten but which is long and unique is found",
    passage: "told the men they owed the cost of their journey",
    edit: compose(
      replace("On arrival the supervisor collected every passport and", "Later a guard"),
      replace(
        "Anyone who missed the daily target",
        "A woman interviewed in March said that anyone who fell behind",
      ),
    ),
    expected: { at: "told the men they owed the cost of their journey", method: "quote" },
  },
  {
    name: "a passage at the very start survives a title added before it",
    passage: "Recruiters in the border town",
    edit: (t) => `Border town report, second edition\n\n${t}`,
    expected: { at: "Recruiters in the border town", method: "position" },
  },
  {
    name: "a passage with its words reordered beyond a light edit is orphaned",
    passage: "promised the workers a monthly wage of 450 dollars",
    edit: replace(
      "promised the workers a monthly wage of 450 dollars",
      "of 450 dollars a month was the wage the workers were promised",
    ),
    expected: "orphaned",
  },
  {
    name: "a long passage whose first words were rewritten is placed on what remains of it",
    passage:
      "On arrival the supervisor collected every passport and told the men they owed the cost of their journey.",
    edit: compose(
      replace("Recruiters", "Brokers"),
      replace("On arrival the supervisor collected", "The supervisor collected"),
    ),
    expected: {
      at: "The supervisor collected every passport and told the men they owed the cost of their journey.",
      method: "fuzzy",
    },
  },
  {
    name: "a passage across two paragraphs keeps the part whose paragraph survives",
    passage:
      "overnight without food.\n\nLocal police detained two men who escaped and charged them",
    edit: replace(
      "Anyone who missed the daily target was locked in a storeroom overnight without food.\n\n",
      "",
    ),
    expected: { at: "Local police detained two men who escaped and charged them", method: "fuzzy" },
  },
  {
    name: "a passage across two paragraphs is orphaned when most of it was deleted",
    passage: "locked in a storeroom overnight without food.\n\nLocal police",
    edit: replace(
      "Anyone who missed the daily target was locked in a storeroom overnight without food.\n\n",
      "",
    ),
    expected: "orphaned",
  },
];

describe("re-anchoring onto a new version (golden set)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const oldText = c.old ?? BASE;
      const newText = c.edit(oldText);
      const match = reanchor(oldText, newText, quote(oldText, c.passage, c.occurrence ?? 0));
      if (c.expected === "orphaned") {
        expect(match).toBeNull();
        return;
      }
      const want = quote(newText, c.expected.at, c.expected.occurrence ?? 0);
      expect(match).not.toBeNull();
      expect({ start: match!.start, end: match!.end }).toEqual({
        start: want.start,
        end: want.end,
      });
      if (c.expected.method) expect(match!.method).toBe(c.expected.method);
    });
  }

  it("places every passage of the golden set correctly", () => {
    let correct = 0;
    for (const c of CASES) {
      const oldText = c.old ?? BASE;
      const newText = c.edit(oldText);
      const match = reanchor(oldText, newText, quote(oldText, c.passage, c.occurrence ?? 0));
      if (c.expected === "orphaned") {
        if (match === null) correct++;
        continue;
      }
      const want = quote(newText, c.expected.at, c.expected.occurrence ?? 0);
      if (match?.start === want.start && match.end === want.end) correct++;
    }
    expect(`${correct}/${CASES.length}`).toBe(`${CASES.length}/${CASES.length}`);
  });
});
