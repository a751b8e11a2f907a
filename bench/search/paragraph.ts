/** The search benchmarks' text: paragraphs of a small vocabulary with a known phrase planted. */

const VOCABULARY = (
  "the a of and to in workers broker recruiters border factory wage contract debt police arrival " +
  "supervisor men women journey target storeroom food detained escaped charged entry camp boat " +
  "fishing crew captain deck months unpaid salary agency fee loan interest family village réfugiés " +
  "l'armée Myawaddy's trafficking traffickers trafficked confiscated documents identity papers"
).split(" ");

/** The phrase every search looks for; a hit count is checked against how often it was planted. */
export const PHRASE = "passport was confiscated";

/**
 * One paragraph of 8 to 37 words drawn by `rand`, with the phrase planted in one in twenty (half
 * of those capitalised and broken across a line, which a phrase search must still find).
 */
export function paragraph(rand: () => number): { text: string; planted: number } {
  const words: string[] = [];
  const count = 8 + Math.floor(rand() * 30);
  for (let w = 0; w < count; w++) words.push(VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!);
  let planted = 0;
  if (rand() < 0.05) {
    words.splice(
      Math.floor(rand() * words.length),
      0,
      rand() < 0.5 ? PHRASE : "Passport was\nconfiscated",
    );
    planted = 1;
  }
  return { text: `${words.join(" ")}.`, planted };
}
