// The report's chart as a PNG, which every mail client shows (many drop SVG): the SVG
// of render.ts rasterised on the server by resvg, without a browser.
import { Resvg } from "@resvg/resvg-js";

export function svgToPng(svg: string, width = 1280): Buffer {
  // Twice the displayed width, so the chart stays sharp on high-density screens.
  const resvg = new Resvg(svg, { fitTo: { mode: "width", value: width }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, background: "#ffffff" });
  return resvg.render().asPng();
}
