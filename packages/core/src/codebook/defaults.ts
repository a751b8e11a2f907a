/**
 * The codebook seeded into every new workspace (existing workspaces keep their colours). The
 * colours are the Okabe–Ito palette, told apart with the common colour-vision deficiencies too,
 * each code a different hue or lightness at the reader's highlight opacity.
 */
export const defaultCodebook = [
  {
    id: "forced-labour",
    label: "Forced labour",
    color: "#d55e00",
    description: "Work exacted under menace of a penalty and not offered voluntarily (ILO C29).",
  },
  {
    id: "arbitrary-detention",
    label: "Arbitrary detention",
    color: "#0072b2",
    description: "Deprivation of liberty without legal basis, due process or judicial review.",
  },
  {
    id: "corruption",
    label: "Corruption",
    color: "#e69f00",
    description: "Abuse of entrusted power for private gain, including bribery and collusion.",
  },
  {
    id: "torture",
    label: "Torture and ill-treatment",
    color: "#000000",
    description:
      "Severe pain or suffering intentionally inflicted, or cruel and degrading treatment.",
  },
  {
    id: "sexual-violence",
    label: "Sexual violence",
    color: "#cc79a7",
    description: "Any sexual act, attempt or threat obtained by force or coercion.",
  },
  {
    id: "trafficking",
    label: "Human trafficking",
    color: "#56b4e9",
    description:
      "Recruitment, transport or harbouring of people by coercion or deceit for exploitation.",
  },
  {
    id: "deceptive-recruitment",
    label: "Deceptive recruitment",
    color: "#009e73",
    description: "False promises about the nature, pay or conditions of work used to recruit.",
  },
  {
    id: "victim-criminalisation",
    label: "Criminalisation of victims",
    color: "#f0e442",
    description:
      "Victims punished for acts they were compelled to commit as a result of their abuse.",
  },
  {
    id: "state-response",
    label: "State response and obligations",
    color: "#999999",
    description: "What authorities did or failed to do, measured against their legal obligations.",
  },
] as const;
