// PNG download of a drawn chart, in the browser: the chart's SVG plus a title and a legend (the legend recharts
// draws is HTML, so it is redrawn here with the same patterns), rasterised on a canvas at twice the size.
import type { Series } from "../../domain/dashboards/charts.ts";
import { patternId } from "../../domain/dashboards/palette.ts";

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The chart's main surface: the largest `svg.recharts-surface` (legend icons are small ones). */
function chartSurface(container: HTMLElement): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let area = 0;
  container.querySelectorAll<SVGSVGElement>("svg.recharts-surface").forEach((svg) => {
    const box = svg.getBoundingClientRect();
    if (box.width * box.height > area) {
      area = box.width * box.height;
      best = svg;
    }
  });
  return best;
}

export function chartSvgMarkup(container: HTMLElement, chartId: string, title: string, series: Series[]): string | null {
  const surface = chartSurface(container);
  if (!surface) return null;
  const box = surface.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const chart = surface.cloneNode(true) as SVGSVGElement;
  chart.setAttribute("width", String(width));
  chart.setAttribute("height", String(Math.ceil(box.height)));
  chart.removeAttribute("style");
  const legendRows = series.length > 1 ? Math.ceil(series.length / 3) : 0;
  const header = 36 + legendRows * 24;
  const legend = series.length > 1
    ? series.map((s, i) => {
        const x = 16 + (i % 3) * Math.floor((width - 32) / 3);
        const y = 40 + Math.floor(i / 3) * 24;
        return `<rect x="${x}" y="${y}" width="16" height="16" fill="url(#${patternId(chartId, i)})" stroke="#3A3A3A"/>` +
          `<text x="${x + 22}" y="${y + 13}" font-size="13">${escapeXml(s.label)}</text>`;
      }).join("")
    : "";
  const height = header + Math.ceil(box.height);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Marianne, Arial, sans-serif" fill="#161616">` +
    `<rect width="100%" height="100%" fill="#FFFFFF"/>` +
    `<text x="16" y="24" font-size="16" font-weight="bold">${escapeXml(title)}</text>` +
    `<g transform="translate(0 ${header})">${new XMLSerializer().serializeToString(chart)}</g>` +
    legend +
    `</svg>`;
}

export async function downloadChartPng(container: HTMLElement, chartId: string, title: string, series: Series[], filename: string) {
  const markup = chartSvgMarkup(container, chartId, title, series);
  if (!markup) return;
  const url = URL.createObjectURL(new Blob([markup], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("Image du graphique illisible"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = image.width * 2;
    canvas.height = image.height * 2;
    const context = canvas.getContext("2d")!;
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!png) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(png);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } finally {
    URL.revokeObjectURL(url);
  }
}
