/**
 * A test report: paragraphs with known phrases, a non-BMP character (two UTF-16 units) before
 * them so offsets must count code units, and filler so deep links have to scroll.
 */
export function makeReport(): string {
  const filler = Array.from(
    { length: 40 },
    (_, i) =>
      `Paragraph ${i + 4} records testimony from the harbour district. Witnesses described long shifts and little rest. The inspectors listed what they found.`,
  );
  return [
    "Recruiters visited the villages in March. They promised work in a factory abroad.",
    "On arrival 𝔸 the passports were confiscated by the supervisor. Workers were told to repay a debt before leaving.",
    "Guards locked the dormitory at night. Nobody could leave the compound without permission.",
    ...filler,
    "The final interview took place in August. The survivor asked that her name be withheld.",
  ].join("\n\n");
}
