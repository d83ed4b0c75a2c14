/**
 * `npm run build`: everything the package ships, under dist/.
 *
 *   handlers  every Lambda entry point (handlers/*.ts that export `handler`) bundled once by
 *             esbuild into dist/handlers/<name>/index.js + source map, the way aws-cdk-lib ships
 *             its custom-resource handlers: synth copies these files and never runs a bundler.
 *   cli       bin/cli.ts bundled into dist/bin/cli.js, the package's `bin`, and beside it the
 *             worker thread that `validate` starts for a large file (dist/bin/validate-worker.js).
 *   library   tsc: lib/index.ts and what it imports, as JavaScript + .d.ts.
 *
 * `tsx scripts/build.ts [part...]` builds the parts named (default: all three);
 * `--if-stale` skips a bundle whose outputs are newer than every source it is built from. `npm
 * pack` builds that way, so packing while tests read dist/handlers (the consumer test does)
 * leaves the bundles in place.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build, BuildOptions } from 'esbuild';

const ROOT = path.join(__dirname, '..');
export const DIST = path.join(ROOT, 'dist');
export const HANDLERS_OUT = path.join(DIST, 'handlers');
/**
 * Two levels below the package root, as deep as the modules it bundles: the paths they resolve
 * from `__dirname` (the local Glue job's glue-scripts/ and .venv, two levels up) stay right.
 */
export const CLI_OUT = path.join(DIST, 'bin', 'cli.js');
/**
 * A bundle of its own, so that the thread boots in milliseconds: the CLI's bundle holds every
 * command, and reading and compiling it takes a second thread over 100 ms.
 */
export const VALIDATE_WORKER_OUT = path.join(DIST, 'bin', 'validate-worker.js');

/** What the bundles are built from: an edit under any of these makes them stale. */
const HANDLER_SOURCES = ['handlers', 'core', 'adapters', 'contract', 'package-lock.json'];
const CLI_SOURCES = [...HANDLER_SOURCES, 'bin', 'local'];

/**
 * Shared by both bundles: one file for Node.js 22, with a source map for readable stack traces.
 * The map names files and lines without embedding their sources, which would quadruple what
 * the package and each Lambda asset carry.
 */
const NODE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
};

/** The Lambda entry points: handlers/*.ts exporting `handler` (the others are helpers they share). */
export function handlerNames(): string[] {
  const dir = path.join(ROOT, 'handlers');
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) =>
      /^export (async )?(function|const) handler\b/m.test(fs.readFileSync(path.join(dir, file), 'utf8')),
    )
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

/**
 * Bundles every handler. Minified: it halves the code Lambda loads at cold start (see README,
 * Benchmarks), and the source map keeps stack traces readable with --enable-source-maps. The
 * pinned AWS SDK goes inside the bundle rather than the runtime's copy, so the code runs with
 * what it was tested with. The output is written to a fresh folder and swapped in whole, so a
 * concurrent reader never sees half a build.
 */
export async function buildHandlers(): Promise<void> {
  fs.mkdirSync(DIST, { recursive: true });
  const partial = fs.mkdtempSync(`${HANDLERS_OUT}.partial-`);
  await build({
    ...NODE_BUNDLE,
    entryPoints: Object.fromEntries(
      handlerNames().map((name) => [`${name}/index`, path.join(ROOT, 'handlers', `${name}.ts`)]),
    ),
    outdir: partial,
    minify: true,
  });
  fs.chmodSync(partial, 0o755); // mkdtemp's 0700 would hide the bundles from other users
  fs.rmSync(HANDLERS_OUT, { recursive: true, force: true });
  fs.renameSync(partial, HANDLERS_OUT);
}

/**
 * Bundles the command line. Not minified (its users read its stack traces). Left outside: the
 * CDK peers (the local pipeline synthesizes the platform with the consumer's own copy) and
 * DuckDB's native binding and PGlite's WebAssembly, which cannot be bundled; so only
 * `pipeline:local` and `query` need more than the package's own dependencies.
 */
export async function buildCli(): Promise<void> {
  await build({
    ...NODE_BUNDLE,
    entryPoints: {
      cli: path.join(ROOT, 'bin', 'cli.ts'),
      'validate-worker': path.join(ROOT, 'bin', 'validate-worker.ts'),
    },
    outdir: path.dirname(CLI_OUT),
    banner: { js: '#!/usr/bin/env node' },
    external: [
      'aws-cdk-lib',
      'aws-cdk-lib/*',
      'constructs',
      'cdk-nag',
      '@duckdb/node-api',
      '@electric-sql/pglite',
      '@electric-sql/pglite/*',
    ],
  });
}

/**
 * tsc over tsconfig.build.json: the public entry point and what it imports, with declarations.
 * Into emptied folders, so a deleted source leaves no stale module in the package.
 */
export function buildLibrary(): void {
  for (const folder of ['lib', 'contract'])
    fs.rmSync(path.join(DIST, folder), { recursive: true, force: true });
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** The newest modification time of a file or of any file under a folder, in ms. */
function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(target, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && entry.name !== '__snapshots__')
    .reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry.name))), stat.mtimeMs);
}

/** True when an output is missing or older than a source (a path relative to the repository root, or absolute). */
export function isStale(outputs: readonly string[], sources: readonly string[]): boolean {
  const built = outputs.map((file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const oldest = Math.min(...built);
  return oldest === 0 || sources.some((source) => newestMtime(path.resolve(ROOT, source)) > oldest);
}

export const handlersStale = (): boolean =>
  isStale(
    handlerNames().map((name) => path.join(HANDLERS_OUT, name, 'index.js')),
    HANDLER_SOURCES,
  );
export const cliStale = (): boolean => isStale([CLI_OUT, VALIDATE_WORKER_OUT], CLI_SOURCES);

const PARTS = {
  handlers: { stale: handlersStale, run: buildHandlers },
  cli: { stale: cliStale, run: buildCli },
  library: { stale: () => true, run: async () => buildLibrary() },
} as const;
type Part = keyof typeof PARTS;

/** Builds the parts named, skipping up-to-date bundles when `ifStale`. */
export async function buildParts(parts: readonly Part[], ifStale = false): Promise<void> {
  for (const part of parts) {
    if (ifStale && !PARTS[part].stale()) continue;
    const started = Date.now();
    await PARTS[part].run();
    process.stderr.write(`build: ${part} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const named = args.filter((arg) => arg !== '--if-stale');
  const unknown = named.filter((arg) => !(arg in PARTS));
  if (unknown.length > 0) {
    process.stderr.write(
      `usage: build [--if-stale] [${Object.keys(PARTS).join('|')}]... (got ${unknown.join(' ')})\n`,
    );
    process.exit(2);
  }
  const parts = (named.length > 0 ? named : Object.keys(PARTS)) as Part[];
  buildParts(parts, args.includes('--if-stale')).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
