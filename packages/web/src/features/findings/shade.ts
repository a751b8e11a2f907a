/** Colours for the heat map: a cell's fill from its count, and a text colour that stays legible. */

const NEUTRAL = "#2c4a6b";

function rgbOf(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const value = m ? Number.parseInt(m[1]!, 16) : 0x868e96;
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * The fill of a cell holding `count` of `max` passages: the code's colour (or a neutral blue)
 * laid over white. The opacity starts at 0.15 so a single passage still reads as "some", and
 * stops at 0.9 so even the darkest cell keeps a trace of paper, as a printed heat map does.
 */
export function cellColours(
  count: number,
  max: number,
  color: string,
  scale: "code" | "neutral",
): { background: string; color: string } | undefined {
  if (count <= 0 || max <= 0) return undefined;
  const alpha = 0.15 + 0.75 * (count / max);
  const [r, g, b] = rgbOf(scale === "code" ? color : NEUTRAL).map((c) =>
    Math.round(255 * (1 - alpha) + c * alpha),
  ) as [number, number, number];
  // Relative luminance (WCAG); below ~0.4 dark text loses contrast, so the text turns white.
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  return { background: `rgb(${r} ${g} ${b})`, color: luminance < 0.4 ? "#fff" : "#1d232b" };
}
