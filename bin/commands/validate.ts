import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Contract, defaultContract } from '../../contract';
import { LocalFolderObjectStore } from '../../adapters/local/folder-object-store';
import { validateToStore } from '../../core/validation';
import { Command, UsageError } from './command';
import { contractOption } from './contract-option';

/** The usage line, with the datasets of the contract in use. */
const usage = (contract: Contract) =>
  `[--contract FILE] --dataset <${contract.datasetNames.join('|')}> --input FILE --out DIR`;

/**
 * `validate [--contract FILE] --dataset D --input FILE --out DIR`: checks a file before it is
 * uploaded, with the same code as the Lambda and against the given contract (default: the
 * sales example). Writes DIR/accepted.csv, DIR/rejected.ndjson and DIR/report.json; exits 0
 * when the file PASSED and 1 when it FAILED.
 */
export const validateCommand: Command = {
  name: 'validate',
  get usage() {
    return usage(defaultContract());
  },
  async run(args, output) {
    const { contract, dataset, input, out } = parseValidateArgs(args);
    if (!(await stat(input).catch(() => undefined))?.isFile())
      throw new UsageError(`no such file: ${input}`, usage(contract));
    const outDir = path.resolve(out);
    await mkdir(outDir, { recursive: true });
    // The output folder is a "bucket" of a store rooted at its parent.
    const bucket = path.basename(outDir);
    const report = await validateToStore({
      contract,
      store: new LocalFolderObjectStore(path.dirname(outDir)),
      dataset,
      input: createReadStream(input, { highWaterMark: 1024 * 1024 }),
      targets: {
        accepted: { bucket, key: 'accepted.csv' },
        rejected: { bucket, key: 'rejected.ndjson' },
        report: { bucket, key: 'report.json' },
      },
    });
    output.out(
      `${report.dataset} ${report.status}: ${report.rows_in} rows in, ${report.rows_accepted} accepted, ${report.rows_rejected} rejected; outputs in ${out}`,
    );
    for (const error of report.file_errors) output.out(`${error.code}: ${error.message}`);
    return report.status === 'PASSED' ? 0 : 1;
  },
};

function parseValidateArgs(args: readonly string[]) {
  let values: { contract?: string; dataset?: string; input?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        contract: { type: 'string' },
        dataset: { type: 'string' },
        input: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const contract = contractOption(values.contract);
  const { dataset, input, out } = values;
  if (!dataset || !input || !out)
    throw new UsageError('--dataset, --input and --out are required', usage(contract));
  if (!contract.isDataset(dataset)) throw new UsageError(`unknown dataset "${dataset}"`, usage(contract));
  return { contract, dataset, input, out };
}
