/**
 * Reading a contract: the JSON Schema (contract.schema.json), then the defaults and the
 * referenced SQL files (normalize.ts), then the semantic rules (check.ts). Every problem is
 * reported at once, one line each, so `cli contract check` and a failed synth say everything
 * that needs changing.
 */
import Ajv, { ErrorObject } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkContractSpec } from './check';
import { Contract } from './contract';
import schema from './contract.schema.json';
import { normalizeContract } from './normalize';
import { ContractDocument } from './spec';

/** A contract that fails its schema or its rules; `problems` lists each, one line apiece. */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${source} is not a valid data contract:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}

const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);

function schemaProblem(error: ErrorObject): string {
  const at = `contract${error.instancePath.replace(/\//g, '.')}`;
  if (error.keyword === 'additionalProperties')
    return `${at}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'enum')
    return `${at}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${at}: ${error.message ?? error.keyword}`;
}

/**
 * The problems of a contract's text, empty when it is valid. Paths in it (marts, lake queries,
 * migrations) are read relative to `baseDir`.
 */
export function contractProblems(text: string, baseDir: string): { contract?: Contract; problems: string[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { problems: [`not JSON: ${(error as Error).message}`] };
  }
  if (!validateSchema(document)) {
    // oneOf reports every branch it tried; the first message per location is the useful one.
    const seen = new Set<string>();
    const problems = (validateSchema.errors ?? [])
      .filter((error) => error.keyword !== 'oneOf')
      .map(schemaProblem)
      .filter((problem) => !seen.has(problem.split(':')[0]) && seen.add(problem.split(':')[0]));
    return { problems };
  }
  const { spec, problems } = normalizeContract(document as unknown as ContractDocument, (path) =>
    readFileSync(resolve(baseDir, path), 'utf8'),
  );
  const all = [...problems, ...checkContractSpec(spec)];
  return all.length ? { problems: all } : { contract: Contract.fromSpec(spec), problems: [] };
}

/** A contract from its JSON text; throws ContractError listing every problem. */
export function parseContract(text: string, options: { baseDir?: string; source?: string } = {}): Contract {
  const { contract, problems } = contractProblems(text, options.baseDir ?? process.cwd());
  if (!contract) throw new ContractError(options.source ?? 'the contract', problems);
  return contract;
}

/** A contract file, with its marts, lake queries and migrations read from beside it. */
export function loadContract(path: string): Contract {
  const file = resolve(path);
  if (!existsSync(file)) throw new ContractError(path, [`no such file: ${file}`]);
  return parseContract(readFileSync(file, 'utf8'), { baseDir: dirname(file), source: path });
}

/** The sales example, the default contract; found by walking up from this module (repository or package). */
export function defaultContractPath(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'sales', 'contract.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no examples/sales/contract.json above ${__dirname}`);
  }
}

let cachedDefault: Contract | undefined;

/** The default contract (the sales example), loaded once. */
export function defaultContract(): Contract {
  return (cachedDefault ??= loadContract(defaultContractPath()));
}
