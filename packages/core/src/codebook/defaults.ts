/**
 * The codebook seeded into every new workspace (existing workspaces keep their colours). The
 * colours are the Okabe–Ito palette, told apart with the common colour-vision deficiencies too,
 * each code a different hue or lightness at the reader's highlight opacity. The nine codes sit
 * under four parents a human-rights researcher recognises; parents come first so a partial seed
 * never leaves a child whose parent is missing (the tree would show it at the top level anyway).
 */
export const defaultCodebook = [
  {
    id: "liberty",
    label: "Liberty and security",
    color: "#3b6ea5",
    description: "Deprivation of liberty and the security of the person.",
    parentId: null,
  },
  {
    id: "physical-integrity",
    label: "Physical integrity",
    color: "#444444",
    description: "Violations of bodily and mental integrity.",
    parentId: null,
  },
  {
    id: "labour-exploitation",
    label: "Labour and exploitation",
    color: "#b35806",
    description: "Recruitment, movement and work obtained by deceit, coercion or abuse.",
    parentId: null,
  },
  {
    id: "state-accountability",
    label: "State response and accountability",
    color: "#7f7f7f",
    description: "What authorities did, failed to do or gained, and how they answer for it.",
    parentId: null,
  },
  {
    id: "forced-labour",
    label: "Forced labour",
    color: "#d55e00",
    description: "Work exacted under menace of a penalty and not offered voluntarily (ILO C29).",
    parentId: "labour-exploitation",
  },
  {
    id: "arbitrary-detention",
    label: "Arbitrary detention",
    color: "#0072b2",
    description: "Deprivation of liberty without legal basis, due process or judicial review.",
    parentId: "liberty",
  },
  {
    id: "corruption",
    label: "Corruption",
    color: "#e69f00",
    description: "Abuse of entrusted power for private gain, including bribery and collusion.",
    parentId: "state-accountability",
  },
  {
    id: "torture",
    label: "Torture and ill-treatment",
    color: "#000000",
    description:
      "Severe pain or suffering intentionally inflicted, or cruel and degrading treatment.",
    parentId: "physical-integrity",
  },
  {
    id: "sexual-violence",
    label: "Sexual violence",
    color: "#cc79a7",
    description: "Any sexual act, attempt or threat obtained by force or coercion.",
    parentId: "physical-integrity",
  },
  {
    id: "trafficking",
    label: "Human trafficking",
    color: "#56b4e9",
    description:
      "Recruitment, transport or harbouring of people by coercion or deceit for exploitation.",
    parentId: "labour-exploitation",
  },
  {
    id: "deceptive-recruitment",
    label: "Deceptive recruitment",
    color: "#009e73",
    description: "False promises about the nature, pay or conditions of work used to recruit.",
    parentId: "labour-exploitation",
  },
  {
    id: "victim-criminalisation",
    label: "Criminalisation of victims",
    color: "#f0e442",
    description:
      "Victims punished for acts they were compelled to commit as a result of their abuse.",
    parentId: "liberty",
  },
  {
    id: "state-response",
    label: "State response and obligations",
    color: "#999999",
    description: "What authorities did or failed to do, measured against their legal obligations.",
    parentId: "state-accountability",
  },
] as const;
