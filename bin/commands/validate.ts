import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Contract, defaultContract } from '../../contract';
import { Command, UsageError } from './command';
import { contractOption } from './contract-option';
import { partsInWorker, validateLocalFile } from './validate-in-parts';

/** The usage line, with the datasets of the contract in use. */
const usage = (contract: Contract) =>
  `[--contract FILE] --dataset <${contract.datasetNames.join('|')}> --input FILE --out DIR`;

/**
 * `validate [--contract FILE] --dataset D --input FILE --out DIR`: checks a file before it is
 * uploaded, with the same code as the Lambda and against the given contract (default: the
 * sales example). Writes DIR/accepted.csv, DIR/rejected.ndjson and DIR/report.json; exits 0
 * when the file PASSED and 1 when it FAILED. A large file is validated in two parts on two
 * threads (validate-in-parts.ts), with the same outputs.
 */
export const validateCommand: Command = {
  name: 'validate',
  get usage() {
    return usage(defaultContract());
  },
  async run(args, output, runtime) {
    const { contract, dataset, input, out } = parseValidateArgs(args);
    if (!(await stat(input).catch(() => undefined))?.isFile())
      throw new UsageError(`no such file: ${input}`, usage(contract));
    const outDir = path.resolve(out);
    const report = await validateLocalFile({
      contract,
      dataset,
      file: input,
      outDir,
      parts: runtime.workerScript === undefined ? undefined : partsInWorker(runtime.workerScript),
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
