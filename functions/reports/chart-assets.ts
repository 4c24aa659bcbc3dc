// The files the charts need at run time (the rasteriser's WebAssembly, a font, the state outlines): beside the bundle
// in Lambda (the CDK bundling copies them there), from node_modules everywhere else.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/** Each asset by its package path; the bundle holds them under their base names. */
export const CHART_ASSETS = {
  wasm: '@resvg/resvg-wasm/index_bg.wasm',
  font: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  boldFont: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  states: 'us-atlas/states-10m.json',
} as const;

/**
 * Modules the jobs' bundle leaves out and loads on first use, by the specifier it imports them with: each is built as
 * a file of its own beside the bundle (`chart-libraries.js`), by the CDK bundling and by `npm run bench` alike, so a
 * job that draws or sends nothing neither loads nor compiles Observable Plot, d3, linkedom or nodemailer.
 */
export const JOBS_SEPARATE_MODULES = {
  './chart-libraries.js': 'functions/reports/chart-libraries.ts',
  './mail-composer.js': 'functions/adapters/mail-composer.ts',
} as const;

export type ChartAsset = keyof typeof CHART_ASSETS;

function pathOf(asset: ChartAsset): string {
  const name = basename(CHART_ASSETS[asset]);
  const bundled = [process.env.LAMBDA_TASK_ROOT, typeof __dirname === 'string' ? __dirname : undefined]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => join(dir, name))
    .find((file) => existsSync(file));
  return bundled ?? createRequire(join(process.cwd(), 'package.json')).resolve(CHART_ASSETS[asset]);
}

export function readChartAsset(asset: ChartAsset): Buffer {
  return readFileSync(pathOf(asset));
}
