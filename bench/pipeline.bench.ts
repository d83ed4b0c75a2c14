/**
 * `npm run bench:pipeline`: the local pipeline on one batch of 100,000 sales rows and on one
 * of 1,000,000 (plus their dimensions), each into a fresh state. Prints the wall time of each
 * stage and rows/s end to end. Pass sizes as arguments to run others: `-- 20000`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateBatches, writeBatchFolders } from '../local/sample-data';
import { runLocalPipeline } from '../local/pipeline/run-local-pipeline';
import { STAGES } from '../local/pipeline/stage-timings';

async function benchOne(rows: number): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'bench-pipeline-'));
  try {
    const [batch] = generateBatches({ days: 1, salesPerDay: rows, seed: 1 });
    const input = path.join(work, 'input');
    await writeBatchFolders(input, [batch]);
    const megabytes = Object.values(batch.files).reduce((sum, bytes) => sum + bytes.length, 0) / 1e6;

    const started = performance.now();
    const result = await runLocalPipeline({
      input,
      out: path.join(work, 'out'),
      state: path.join(work, 'state'),
    });
    const seconds = (performance.now() - started) / 1000;
    const stages = result.batches[0].stageMillis;
    console.log(
      `\n${rows.toLocaleString('en-US')} sales rows (${megabytes.toFixed(1)} MB of CSV, all datasets)`,
    );
    for (const stage of Object.keys(STAGES) as (keyof typeof STAGES)[]) {
      const share = (100 * stages[stage]) / (seconds * 1000);
      console.log(
        `  ${stage.padEnd(9)} ${(stages[stage] / 1000).toFixed(2).padStart(8)} s  ${share.toFixed(0).padStart(3)}%`,
      );
    }
    console.log(
      `  ${'total'.padEnd(9)} ${seconds.toFixed(2).padStart(8)} s  (incl. migrations, synth of the definition, KPIs)`,
    );
    console.log(`  end to end: ${Math.round(rows / seconds).toLocaleString('en-US')} sales rows/s`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  for (const rows of sizes.length > 0 ? sizes : [100_000, 1_000_000]) await benchOne(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
