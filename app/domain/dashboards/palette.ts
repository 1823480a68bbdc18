// Chart colours from the DSFR illustrative palette (Système de Design de l'État, "couleurs illustratives"),
// each at least 3:1 against white (RGAA 3.3 / WCAG 1.4.11), and a pattern per series so that a chart stays
// readable without colour (printed in black and white, or by a colour-blind reader).
export type PatternName = "solid" | "diagonal" | "dots" | "horizontal" | "crosshatch" | "vertical";

export type SeriesStyle = { color: string; pattern: PatternName; colorName: string };

export const DSFR_SERIES: SeriesStyle[] = [
  { color: "#000091", pattern: "solid", colorName: "bleu France" },
  { color: "#CE614A", pattern: "diagonal", colorName: "tuile" },
  { color: "#009081", pattern: "dots", colorName: "menthe" },
  { color: "#A558A0", pattern: "horizontal", colorName: "glycine" },
  { color: "#417DC4", pattern: "crosshatch", colorName: "cumulus" },
  { color: "#7D4E5B", pattern: "vertical", colorName: "opéra" },
];

/** Grey of axes and single-series charts. */
export const DSFR_NEUTRAL = "#3A3A3A";

function channel(c: number) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #RRGGBB colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The id of the SVG pattern of a series (defined once per chart, see ChartPatterns). */
export function patternId(chartId: string, index: number) {
  return `${chartId}-motif-${index}`;
}
