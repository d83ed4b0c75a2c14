/**
 * Child process of validate.bench.ts: validates one sales file into a folder with the same
 * code path as the CLI and sends back its time, report and peak RSS. The contract file is an
 * argument: this runs bundled, away from the repository the default contract is found in.
 */
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { loadContract } from '../contract/load';
import { LocalFolderObjectStore } from '../adapters/local/folder-object-store';
import { validateToStore, ValidationReport } from '../core/validation';

export interface ValidatorRun {
  readonly seconds: number;
  readonly maxRssKb: number;
  readonly report: ValidationReport;
}

async function main(contractFile: string, file: string, outDir: string): Promise<void> {
  const contract = loadContract(contractFile);
  const started = process.hrtime.bigint();
  const report = await validateToStore({
    contract,
    store: new LocalFolderObjectStore(path.dirname(outDir)),
    dataset: 'sales',
    input: createReadStream(file, { highWaterMark: 1024 * 1024 }),
    targets: {
      accepted: { bucket: path.basename(outDir), key: 'accepted.csv' },
      rejected: { bucket: path.basename(outDir), key: 'rejected.ndjson' },
      report: { bucket: path.basename(outDir), key: 'report.json' },
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const run: ValidatorRun = { seconds, maxRssKb: process.resourceUsage().maxRSS, report };
  process.send?.(run, () => process.exit(0));
}

if (require.main === module) {
  const [contractFile, file, outDir] = process.argv.slice(2);
  main(contractFile, file, outDir).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
