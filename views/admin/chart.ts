import { html, type SafeHtml } from '../html.ts';

/**
 * A small bar chart as inline SVG, drawn on the server (the console runs no scripts). The accessible name
 * says what it shows and the total; each bar has a <title> with its count for a pointer hover.
 */
export function barChart(options: {
  label: string;
  values: number[];
  bucketMinutes: number;
  color: string;
}): SafeHtml {
  const width = 240;
  const height = 60;
  const gap = 2;
  const max = Math.max(1, ...options.values);
  const barWidth = (width - gap * (options.values.length - 1)) / Math.max(1, options.values.length);
  const total = options.values.reduce((a, b) => a + b, 0);
  const span = options.values.length * options.bucketMinutes;
  const bars = options.values.map((v, i) => {
    const h = v === 0 ? 1 : Math.max(2, Math.round((v / max) * (height - 4)));
    const ago = (options.values.length - i) * options.bucketMinutes;
    return html`<rect x="${(i * (barWidth + gap)).toFixed(1)}" y="${height - h}" width="${barWidth.toFixed(1)}" height="${h}" fill="${v === 0 ? '#c9d1cc' : options.color}"><title>${v} in the ${options.bucketMinutes} minutes from ${ago} minutes ago</title></rect>`;
  });
  return html`<svg class="chart" role="img" aria-label="${options.label}: ${total} in the last ${span} minutes" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}
