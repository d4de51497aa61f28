import type { ReactNode } from "react";

/**
 * A legend label in the text colour: the swatch beside it carries the series colour.
 * Recharts draws the label in the series colour, which fails contrast for the light
 * ones (orange, sky blue) against the card (WCAG 1.4.3).
 */
export function legendText(label: (name: string) => string = (name) => name): (name: string) => ReactNode {
  function LegendText(name: string) {
    return <span className="chart-legend-text">{label(name)}</span>;
  }
  return LegendText;
}
