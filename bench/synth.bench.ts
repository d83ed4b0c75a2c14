/**
 * `npm run bench:synth`: synthesizes the platform app (bin/app.ts: dev, staging and prod, with
 * the cdk-nag gate) and a one-bucket CDK app (bench/one-bucket-app.ts), alternately, three times
 * each, each in a process of its own started the same way (tsx) into a fresh folder, as the CDK
 * CLI runs an app. Prints the medians and their ratio (target: at most 2x). The pre-bundled
 * handlers are built first if stale: synth itself bundles nothing. BENCH_RUNS sets the count.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildParts } from '../scripts/build';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const APPS = { platform: 'bin/app.ts', 'one bucket': 'bench/one-bucket-app.ts' } as const;
type AppName = keyof typeof APPS;

/** Runs one app into a fresh folder; returns its wall time and how many templates it wrote. */
async function synth(app: AppName, dir: string): Promise<{ seconds: number; templates: number }> {
  const outdir = await mkdtemp(path.join(dir, 'cdk.out-'));
  const started = process.hrtime.bigint();
  // CDK_OUTDIR is what the CDK CLI sets for the app it runs.
  await promisify(execFile)(TSX, [APPS[app]], {
    cwd: ROOT,
    env: { ...process.env, CDK_OUTDIR: outdir },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const templates = (await readdir(outdir)).filter((file) => file.endsWith('.template.json')).length;
  return { seconds, templates };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<void> {
  await buildParts(['handlers'], true);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'synth-bench-'));
  try {
    const times: Record<AppName, number[]> = { platform: [], 'one bucket': [] };
    for (let run = 0; run < RUNS; run++) {
      for (const app of Object.keys(APPS) as AppName[]) {
        const { seconds, templates } = await synth(app, dir);
        times[app].push(seconds);
        console.log(`run ${run + 1}: ${app.padEnd(10)} ${seconds.toFixed(2)} s (${templates} templates)`);
      }
    }
    const platform = median(times.platform);
    const baseline = median(times['one bucket']);
    console.log(
      `median: platform (3 environments) ${platform.toFixed(2)} s, one bucket ${baseline.toFixed(2)} s`,
    );
    console.log(`ratio platform/one bucket: ${(platform / baseline).toFixed(2)}x (target <= 2x)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
