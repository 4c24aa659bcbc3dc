// Build step of the field app's offline shell: the list of files its service worker keeps (shell.json) and the
// service worker itself (sw.js), versioned by a hash of those files so that a new build replaces the old cache.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const FIELD = fileURLToPath(new URL('./field/', import.meta.url));
const STATIC_FILES = [
  '/field/',
  '/field/config.json',
  '/field/manifest.webmanifest',
  '/field/icon-192.png',
  '/field/icon-512.png',
];

/** Every output the field app's entry loads (static and dynamic imports, its CSS), as site paths. */
export function shellFiles(metafile: esbuild.Metafile, outDir: string): string[] {
  const sitePath = (file: string) => `/${relative(outDir, file).split('\\').join('/')}`;
  const entry = Object.keys(metafile.outputs).find((file) => sitePath(file) === '/field/app.js');
  if (!entry) throw new Error('the build has no field/app.js');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const output = metafile.outputs[file];
    if (!output) return;
    if (output.cssBundle) seen.add(output.cssBundle);
    for (const imported of output.imports) if (!imported.external) visit(imported.path);
  };
  visit(entry);
  return [...STATIC_FILES, ...[...seen].filter((file) => !file.endsWith('.map')).map(sitePath)].sort();
}

/** Writes field/shell.json and field/sw.js into the built site. */
export async function writeFieldShell(metafile: esbuild.Metafile, outDir: string): Promise<void> {
  const files = shellFiles(metafile, outDir);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    if (!file.endsWith('/') && !file.endsWith('config.json')) {
      try {
        hash.update(readFileSync(join(outDir, file)));
      } catch {
        // written after the bundles (index.html, the public files): their names are in the hash
      }
    }
  }
  writeFileSync(join(outDir, 'field', 'shell.json'), `${JSON.stringify(files, null, 2)}\n`);
  await esbuild.build({
    entryPoints: [join(FIELD, 'sw.ts')],
    outfile: join(outDir, 'field', 'sw.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { SHELL_VERSION: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  });
}
