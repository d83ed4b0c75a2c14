/**
 * `npm run demo`: generates two deterministic daily batches (with rejects of every kind,
 * orphan facts, SCD1 updates and streamed events), runs the local pipeline on them, and prints
 * the KPIs. The sales example by default, with its own generator; `npm run demo -- --contract
 * FILE` does the same for any contract, with the generator for any contract.
 */
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultContract, loadContract } from '../contract';
import { generateBatches, generateContractBatches, writeBatchFolders } from './sample-data';
import { runLocalPipeline } from './pipeline/run-local-pipeline';
import { formatKpiReport } from './pipeline/kpi-report';

const DEMO_DIR = path.resolve(__dirname, '..', '.out', 'demo');

async function main(): Promise<void> {
  const { contract: file } = parseArgs({ options: { contract: { type: 'string' } } }).values;
  const contract = file === undefined ? defaultContract() : loadContract(file);
  const input = path.join(DEMO_DIR, 'input');
  const out = path.join(DEMO_DIR, 'output');
  await rm(DEMO_DIR, { recursive: true, force: true });
  await writeBatchFolders(
    input,
    file === undefined
      ? generateBatches({ days: 2, salesPerDay: 5000, eventsPerDay: 200, seed: 42 })
      : generateContractBatches(contract, { days: 2, rowsPerDay: 5000, eventsPerDay: 200, seed: 42 }),
  );
  const started = performance.now();
  const result = await runLocalPipeline({
    contract,
    input,
    out,
    state: path.join(DEMO_DIR, 'state'),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(formatKpiReport(result.kpis, { input, out, state: result.stateDir }));
  console.log(`local pipeline: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
