// A bar chart rendered to PNG with no native code (pngjs), for the report's email and its copy in the reports bucket.
import { PNG } from 'pngjs';

export interface BarChartOptions {
  width?: number;
  height?: number;
  color?: [number, number, number];
}

/** Bars for `values`, scaled to the largest, on a white background with a baseline and faint gridlines. */
export function barChartPng(values: readonly number[], options: BarChartOptions = {}): Buffer {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const [r, g, b] = options.color ?? [31, 95, 168];
  const png = new PNG({ width, height });
  const set = (x: number, y: number, rgb: [number, number, number]) => {
    const i = (width * y + x) << 2;
    png.data[i] = rgb[0];
    png.data[i + 1] = rgb[1];
    png.data[i + 2] = rgb[2];
    png.data[i + 3] = 255;
  };
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) set(x, y, [255, 255, 255]);
  const margin = 12;
  const plotHeight = height - 2 * margin;
  for (let line = 1; line <= 4; line++) {
    const y = margin + Math.round((plotHeight * line) / 4);
    for (let x = margin; x < width - margin; x++) set(x, y, line === 4 ? [60, 60, 60] : [230, 230, 230]);
  }
  const max = Math.max(1, ...values);
  const slot = (width - 2 * margin) / Math.max(1, values.length);
  values.forEach((value, index) => {
    const barHeight = Math.round((Math.max(0, value) / max) * (plotHeight - 1));
    const x0 = Math.round(margin + index * slot + slot * 0.15);
    const x1 = Math.round(margin + (index + 1) * slot - slot * 0.15);
    for (let x = x0; x < Math.max(x0 + 1, x1); x++)
      for (let y = margin + plotHeight - barHeight; y < margin + plotHeight; y++) set(x, y, [r, g, b]);
  });
  return PNG.sync.write(png);
}
