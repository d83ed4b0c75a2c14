import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  Allowance,
  AllowFileError,
  commandLineAllowances,
  DEFAULT_ALLOW_FILE,
  loadAllowFile,
} from '../../tools/review/allow';
import { AssemblyError, CloudAssembly, loadAssembly } from '../../tools/review/assembly';
import { renderMarkdown } from '../../tools/review/render-markdown';
import { reviewAssemblies } from '../../tools/review/review';
import { Command, UsageError } from './command';

const FORMATS = ['markdown', 'json'] as const;

/**
 * `review --base DIR --head DIR`: compares two synthesized cloud assemblies without AWS
 * credentials and prints the report. Exits 1 when a stateful resource would be deleted,
 * replaced or lose its Retain policy (unless allowed), 0 otherwise.
 */
export const reviewCommand: Command = {
  name: 'review',
  usage: `--base DIR --head DIR [--format ${FORMATS.join('|')}] [--allow LOGICAL_ID ...] [--allow-file FILE]`,
  async run(args, output) {
    const options = parseReviewArgs(args);
    const [base, head, allowances] = await inOrder(
      assembly(options.base),
      assembly(options.head),
      allowancesOf(options),
    );
    const report = reviewAssemblies(base, head, allowances);
    output.out(
      options.format === 'json' ? JSON.stringify(report, null, 2) : renderMarkdown(report).trimEnd(),
    );
    return report.blocking.length > 0 ? 1 : 0;
  },
};

function parseReviewArgs(args: readonly string[]) {
  let values: { base?: string; head?: string; format?: string; allow?: string[]; 'allow-file'?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        allow: { type: 'string', multiple: true, default: [] },
        'allow-file': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { base, head, format = 'markdown', allow = [] } = values;
  if (!base || !head) throw new UsageError('--base and --head are required');
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`);
  return { base, head, format, allow, allowFile: values['allow-file'] };
}

/** Like Promise.all, but a failure is reported in argument order, not in the order it happened. */
async function inOrder<T extends readonly unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function assembly(directory: string): Promise<CloudAssembly> {
  try {
    return await loadAssembly(directory);
  } catch (error) {
    if (error instanceof AssemblyError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--allow` ids, plus the allow file: the one named, else review-allow.json when present. */
async function allowancesOf(options: { allow: string[]; allowFile?: string }): Promise<Allowance[]> {
  const file =
    options.allowFile ??
    ((await stat(DEFAULT_ALLOW_FILE).catch(() => undefined)) ? DEFAULT_ALLOW_FILE : undefined);
  try {
    return [...commandLineAllowances(options.allow), ...(file ? await loadAllowFile(file) : [])];
  } catch (error) {
    if (error instanceof AllowFileError) throw new UsageError(error.message);
    throw error;
  }
}
