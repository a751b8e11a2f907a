import type { Attribute } from "./schema.ts";

/**
 * The starter set offered to a workspace: what human-rights findings are most often broken down
 * by. Source types follow the kinds of source our users collect (see PRODUCT.md).
 */
export const STARTER_ATTRIBUTES: ReadonlyArray<
  Omit<Attribute, "createdAt" | "updatedAt" | "version">
> = [
  {
    id: "country",
    name: "Country",
    description: "Country the source reports on",
    type: "text",
    choices: [],
  },
  {
    id: "source-type",
    name: "Source type",
    description: "What kind of source this is",
    type: "choice",
    choices: [
      "UN report",
      "NGO report",
      "Government document",
      "News article",
      "Court decision",
      "Interview transcript",
      "Academic article",
      "Other",
    ],
  },
  {
    id: "publication-year",
    name: "Publication year",
    description: "Year the source was published",
    type: "number",
    choices: [],
  },
];
