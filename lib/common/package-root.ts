/**
 * The folder of this package: the repository when run from source (lib/), or the installed
 * package when run from its compiled JavaScript (dist/lib/). The files the constructs stage at
 * synth (dist/handlers/, sql/, glue-scripts/) are found from here, whichever of the two it is.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The nearest folder above this module that holds a package.json. */
export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return (cached = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}
