// Builds the web apps with the project's esbuild: the console at `/`, the field app at `/field/`, shared chunks
// split out so that charts and the map load only with the pages that draw them.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { quantize } from 'topojson-client';
import { filter, filterWeight, presimplify, simplify } from 'topojson-simplify';
import type { Topology } from 'topojson-specification';
import { writeFieldShell } from './field-shell.js';
import type { WebConfig } from './security-headers.js';

const WEB = fileURLToPath(new URL('.', import.meta.url));

export interface WebApp {
  /** Folder under the output (and path under the site): '' for the console, 'field' for the field app. */
  path: string;
  entry: string;
  title: string;
}

export const WEB_APPS: readonly WebApp[] = [
  { path: '', entry: 'console/main.tsx', title: 'Outbound console' },
  { path: 'field', entry: 'field/main.tsx', title: 'Outbound field' },
];

function indexHtml(app: WebApp): string {
  const base = app.path ? `/${app.path}/` : '/';
  const name = app.path || 'console';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${app.title}</title>
<link rel="stylesheet" href="/${name}/app.css">${app.path === 'field' ? '\n<link rel="manifest" href="/field/manifest.webmanifest">\n<meta name="theme-color" content="#0b4f8a">' : ''}
<script type="module" src="/${name}/app.js"></script>
</head>
<body>
<div id="app" data-base="${base}"></div>
<noscript>This application needs JavaScript.</noscript>
</body>
</html>
`;
}

/**
 * The domain modules the apps import (schemas, descriptions) sit beside server-only helpers that hash with
 * node:crypto; in the browser those helpers are never called, so node:crypto resolves to a module that says so.
 */
const serverOnlyModules: esbuild.Plugin = {
  name: 'server-only-modules',
  setup(build) {
    build.onResolve({ filter: /^node:crypto$/ }, (args) => ({ path: args.path, namespace: 'server-only' }));
    build.onLoad({ filter: /.*/, namespace: 'server-only' }, () => ({
      contents: `const unavailable = (name) => () => { throw new Error(name + ' is not available in the browser'); };
export const createHash = unavailable('createHash');
export const randomUUID = () => globalThis.crypto.randomUUID();`,
      loader: 'js',
    }));
  },
};

/**
 * us-atlas's states projected for a 975×610 Albers USA map at 1:10,000,000 (30 KB of JavaScript gzipped) carry detail
 * far below a pixel of the console's 760-pixel map: the build keeps the points whose triangle covers at least a square
 * pixel of the atlas (0.6 on the map), drops islands smaller than half a square pixel and the names nobody reads, and
 * quantizes to 10,000 steps (≈ 12 KB gzipped). Already projected, the map needs no projection in the browser.
 */
export function mapAtlas(source: Topology): Topology {
  const atlas = structuredClone(source) as Parameters<typeof presimplify>[0];
  const states = atlas.objects.states as { geometries: Array<{ id?: string | number; type: string; arcs?: unknown }> };
  states.geometries = states.geometries.map((state) => ({ type: state.type, id: state.id, arcs: state.arcs }));
  const simplified = simplify(presimplify(atlas), 1);
  return quantize(filter(simplified, filterWeight(simplified, 0.5)), 10_000);
}

const requireFromWeb = createRequire(import.meta.url);

const simplifiedAtlas: esbuild.Plugin = {
  name: 'simplified-atlas',
  setup(build) {
    build.onResolve({ filter: /^us-atlas\/states-albers-10m\.json$/ }, (args) => ({
      path: requireFromWeb.resolve(args.path),
      namespace: 'simplified-atlas',
    }));
    build.onLoad({ filter: /.*/, namespace: 'simplified-atlas' }, (args) => ({
      contents: JSON.stringify(mapAtlas(JSON.parse(readFileSync(args.path, 'utf8')) as Topology)),
      loader: 'json',
    }));
  },
};

function options(outDir: string, minify: boolean): esbuild.BuildOptions {
  return {
    entryPoints: WEB_APPS.map((app) => ({ in: join(WEB, app.entry), out: `${app.path || 'console'}/app` })),
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    sourcemap: minify ? false : 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': minify ? '"production"' : '"development"' },
    loader: { '.json': 'json' },
    plugins: [serverOnlyModules, simplifiedAtlas],
  };
}

/** The static files beside the bundles: each app's index.html (and its config.json when given). */
function writeStatic(outDir: string, config?: WebConfig): void {
  for (const app of WEB_APPS) {
    const dir = join(outDir, app.path);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), indexHtml(app));
    if (config) writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const publicDir = join(WEB, app.path || 'console', 'public');
    try {
      cpSync(publicDir, dir, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** One build into `outDir` (emptied first); `config` is written beside each app when given. */
export async function buildWebApps(outDir: string, config?: WebConfig, minify = true): Promise<esbuild.Metafile> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await esbuild.build(options(outDir, minify));
  writeStatic(outDir, config);
  await writeFieldShell(result.metafile as esbuild.Metafile, outDir);
  return result.metafile as esbuild.Metafile;
}

/** Builds once, then again on every change under web/ until stopped (npm start). */
export async function watchWebApps(
  outDir: string,
  config: WebConfig,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  rmSync(outDir, { recursive: true, force: true });
  let firstBuild: () => void = () => undefined;
  const built = new Promise<void>((resolve) => {
    firstBuild = resolve;
  });
  const context = await esbuild.context({
    ...options(outDir, true),
    plugins: [
      serverOnlyModules,
      simplifiedAtlas,
      {
        name: 'report',
        setup(build) {
          build.onEnd(async (result) => {
            if (result.errors.length > 0) log(`web: build failed: ${result.errors.map((e) => e.text).join('; ')}`);
            else {
              writeStatic(outDir, config);
              if (result.metafile) await writeFieldShell(result.metafile, outDir);
              log('web: built');
            }
            firstBuild();
          });
        },
      },
    ],
  });
  await context.watch();
  await built;
  return () => context.dispose();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? 'dist/web';
  const metafile = await buildWebApps(out);
  for (const [file, output] of Object.entries(metafile.outputs)) console.log(`${file}  ${output.bytes} bytes`);
}
