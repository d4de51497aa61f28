// One colour per service, the same on every chart and table of an application:
// services are coloured by their place in the application's sorted list.
// Okabe-Ito-based palette, distinguishable with common colour-vision deficiencies.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7570B3", "#B8A000", "#1B9E77", "#E7298A", "#66A61E", "#A6761D"];
export const SHARED_COLOR = "#9AA3AF";

export function seriesColors(names: readonly string[]): Record<string, string> {
  const sorted = [...new Set(names)].filter((n) => n !== "shared").sort();
  const colors: Record<string, string> = { shared: SHARED_COLOR };
  sorted.forEach((name, i) => {
    colors[name] = PALETTE[i % PALETTE.length] as string;
  });
  return colors;
}
