/** The codebook seeded into every new workspace. Colours are distinct at 35% opacity on white. */
export const defaultCodebook = [
  {
    id: "forced-labour",
    label: "Forced labour",
    color: "#d94841",
    description: "Work exacted under menace of a penalty and not offered voluntarily (ILO C29).",
  },
  {
    id: "arbitrary-detention",
    label: "Arbitrary detention",
    color: "#7b5ea7",
    description: "Deprivation of liberty without legal basis, due process or judicial review.",
  },
  {
    id: "corruption",
    label: "Corruption",
    color: "#c98a1b",
    description: "Abuse of entrusted power for private gain, including bribery and collusion.",
  },
  {
    id: "torture",
    label: "Torture and ill-treatment",
    color: "#a61e4d",
    description:
      "Severe pain or suffering intentionally inflicted, or cruel and degrading treatment.",
  },
  {
    id: "sexual-violence",
    label: "Sexual violence",
    color: "#d6336c",
    description: "Any sexual act, attempt or threat obtained by force or coercion.",
  },
  {
    id: "trafficking",
    label: "Human trafficking",
    color: "#1c7ed6",
    description:
      "Recruitment, transport or harbouring of people by coercion or deceit for exploitation.",
  },
  {
    id: "deceptive-recruitment",
    label: "Deceptive recruitment",
    color: "#0ca678",
    description: "False promises about the nature, pay or conditions of work used to recruit.",
  },
  {
    id: "victim-criminalisation",
    label: "Criminalisation of victims",
    color: "#5c7cfa",
    description:
      "Victims punished for acts they were compelled to commit as a result of their abuse.",
  },
  {
    id: "state-response",
    label: "State response and obligations",
    color: "#495057",
    description: "What authorities did or failed to do, measured against their legal obligations.",
  },
] as const;
