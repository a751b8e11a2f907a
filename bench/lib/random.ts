/**
 * mulberry32, the seeded PRNG every bench input is drawn from: core's (the agreement bootstrap's,
 * public for exactly this), so one implementation serves reproducible intervals and inputs alike.
 * Quality is plenty for picking words, offsets and edits.
 */
export { seededRandom as random } from "@gloss/core/agreement";
