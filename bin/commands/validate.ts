import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_NAMES, isDatasetName } from '../../contract';
import { LocalFolderObjectStore } from '../../adapters/local/folder-object-store';
import { validateToStore } from '../../core/validation';
import { Command, UsageError } from './command';

/**
 * `validate --dataset D --input FILE --out DIR`: checks a file before it is uploaded, with
 * the same code as the Lambda. Writes DIR/accepted.csv, DIR/rejected.ndjson and DIR/report.json;
 * exits 0 when the file PASSED and 1 when it FAILED.
 */
export const validateCommand: Command = {
  name: 'validate',
  usage: `--dataset <${DATASET_NAMES.join('|')}> --input FILE --out DIR`,
  async run(args, output) {
    const { dataset, input, out } = parseValidateArgs(args);
    if (!(await stat(input).catch(() => undefined))?.isFile()) throw new UsageError(`no such file: ${input}`);
    const outDir = path.resolve(out);
    await mkdir(outDir, { recursive: true });
    // The output folder is a "bucket" of a store rooted at its parent.
    const bucket = path.basename(outDir);
    const report = await validateToStore({
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
  let values: { dataset?: string; input?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { dataset: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { dataset, input, out } = values;
  if (!dataset || !input || !out) throw new UsageError('--dataset, --input and --out are required');
  if (!isDatasetName(dataset)) throw new UsageError(`unknown dataset "${dataset}"`);
  return { dataset, input, out };
}
