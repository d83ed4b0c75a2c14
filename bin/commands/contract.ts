import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  contractProblems,
  defaultContract,
  diffContracts,
  formatChange,
  loadContract,
  unresolvedBreakingChanges,
} from '../../contract';
import { CliOutput, Command, UsageError } from './command';

/**
 * `contract check FILE`: the schema and the semantic rules, one problem per line; exit 0/1.
 * `contract diff OLD NEW`: each change, additive or breaking; exit 0 when nothing breaks
 * (a breaking change a migration of NEW resolves does not), 1 otherwise.
 * `contract default`: the default contract (the sales example), normalized and self-contained.
 * `contract normalize FILE`: FILE with every default filled in and its SQL files inlined,
 * the form a deployment ships to its Lambdas and Glue job.
 */
export const contractCommand: Command = {
  name: 'contract',
  usage: '<check FILE | diff OLD NEW | default | normalize FILE>',
  async run(args, output) {
    const [action, ...files] = args;
    const arity = { check: 1, diff: 2, default: 0, normalize: 1 }[action ?? ''];
    if (arity === undefined) throw new UsageError(`unknown action "${action ?? ''}"`);
    if (files.length !== arity)
      throw new UsageError(`${action} takes ${arity} file${arity === 1 ? '' : 's'}`);
    for (const file of files) if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    if (action === 'check') return check(files[0], output);
    if (action === 'diff') return diff(files[0], files[1], output);
    const contract = action === 'default' ? defaultContract() : loadContract(files[0]);
    output.out(JSON.stringify(contract, null, 2));
    return 0;
  },
};

function check(file: string, output: CliOutput): number {
  const path = resolve(file);
  const { contract, problems } = contractProblems(readFileSync(path, 'utf8'), dirname(path));
  if (!contract) {
    output.err(`${file} is not a valid data contract:`);
    for (const problem of problems) output.err(`  ${problem}`);
    return 1;
  }
  output.out(
    `${file}: contract ${contract.version} is valid: ${contract.datasetNames.length} datasets, ` +
      `${contract.dimensions.length} dimensions, ${contract.facts.length} facts, ${contract.spec.marts.length} marts`,
  );
  return 0;
}

function diff(oldFile: string, newFile: string, output: CliOutput): number {
  const [before, after] = [loadContract(oldFile), loadContract(newFile)];
  const changes = diffContracts(before.spec, after.spec);
  if (changes.length === 0) output.out(`no changes from ${before.version} to ${after.version}`);
  for (const change of changes) output.out(formatChange(change));
  const refused = unresolvedBreakingChanges(changes, after.spec);
  if (refused.length === 0) return 0;
  output.err(`${refused.length} breaking change(s) without a migration that resolves them`);
  return 1;
}
