/**
 * `npm run bench:validate`: generates a ~200 MB sales CSV (deterministic), then measures
 * (a) csv-parse counting records, (b) a bare Buffer.indexOf scan (the practical ceiling of a
 * JavaScript CSV pass) and (c) the full validator writing its outputs. (c) runs the code as
 * deployed: bundled by esbuild like the Lambda (tsx's per-module CommonJS getters would slow the
 * hot path), in a child process so its peak RSS is its own. A benchmark, not a test: it prints
 * figures and asserts nothing. BENCH_MB sets the file size (default 200).
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { build } from 'esbuild';
import { defaultContractPath } from '../contract';
import { salesCsvLines } from '../local/sample-data';
import type { ValidatorRun } from './validate-run';

const TARGET_BYTES = Number(process.env.BENCH_MB ?? 200) * 1024 * 1024;
const ROW_BYTES_ESTIMATE = 47;
const READ_CHUNK = 256 * 1024;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'validate-bench-'));
  try {
    const file = path.join(dir, 'sales.csv');
    await generate(file);
    const megabytes = (await stat(file)).size / 1024 / 1024;
    console.log(`input: ${file}, ${megabytes.toFixed(1)} MB`);

    const csvParse = await timed(() => countWithCsvParse(file));
    const indexOf = await timed(() => countWithIndexOf(file));
    const validator = await runValidator(file, dir);

    const rate = (seconds: number) => megabytes / seconds;
    const rows = [
      ['(a) csv-parse, count records', csvParse.seconds, `${csvParse.value} records`],
      ['(b) Buffer.indexOf, count \\n and ,', indexOf.seconds, `${indexOf.value} separators`],
      [
        '(c) validator, writing outputs',
        validator.seconds,
        `${validator.report.rows_in} rows, ${validator.report.status}`,
      ],
    ] as const;
    for (const [name, seconds, detail] of rows) {
      console.log(
        `${name.padEnd(38)} ${rate(seconds).toFixed(1).padStart(7)} MB/s  (${seconds.toFixed(2)} s, ${detail})`,
      );
    }
    console.log(`ratio c/a: ${(csvParse.seconds / validator.seconds).toFixed(2)}x`);
    console.log(`ratio c/b: ${(indexOf.seconds / validator.seconds).toFixed(2)}x`);
    console.log(`validator peak RSS: ${(validator.maxRssKb / 1024).toFixed(0)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function generate(file: string): Promise<void> {
  const rows = Math.round(TARGET_BYTES / ROW_BYTES_ESTIMATE);
  const lines = salesCsvLines({ seed: 42, rows, badRowRatio: 0.01 });
  // Batch lines into ~1 MB strings: one write per line would dominate generation time.
  const batches = Readable.from(
    (function* () {
      let batch = '';
      for (const line of lines) {
        batch += line;
        if (batch.length > 1_000_000) {
          yield batch;
          batch = '';
        }
      }
      yield batch;
    })(),
  );
  await pipeline(batches, createWriteStream(file));
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function countWithCsvParse(file: string): Promise<number> {
  let records = 0;
  const parser = createReadStream(file, { highWaterMark: READ_CHUNK }).pipe(parse());
  for await (const record of parser) if (record) records++;
  return records;
}

async function countWithIndexOf(file: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    for (const separator of [0x0a, 0x2c]) {
      for (let i = chunk.indexOf(separator); i !== -1; i = chunk.indexOf(separator, i + 1)) count++;
    }
  }
  return count;
}

/** Bundles validate-run.ts as the Lambda is bundled, runs it in a child and returns what it measured. */
async function runValidator(file: string, dir: string): Promise<ValidatorRun> {
  const bundle = path.join(dir, 'validate-run.js');
  await build({
    entryPoints: [path.join(__dirname, 'validate-run.ts')],
    outfile: bundle,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return new Promise((resolve, reject) => {
    const child = fork(bundle, [defaultContractPath(), file, path.join(dir, 'out')], { execArgv: [] });
    child.once('message', (message) => resolve(message as ValidatorRun));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`validator run exited with ${code}`)));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
