/**
 * Intended replacements and deletions: `--allow LOGICAL_ID` for one run, or an entry with a
 * reason in the committed allow file, which reviewers then see in the pull request's diff.
 */
import { readFile } from 'node:fs/promises';
import { AllowedChange, BlockingChange, UnusedAllowance } from './report';

export interface Allowance {
  readonly logicalId: string;
  /** Only in this stack; any stack when absent. */
  readonly stack?: string;
  readonly reason: string;
  /** Where the allowance comes from: the allow file's path, or `--allow`. */
  readonly source: string;
}

/** The allow file is missing, not JSON, or an entry lacks its logical id or reason. */
export class AllowFileError extends Error {
  override readonly name = 'AllowFileError';
}

export const DEFAULT_ALLOW_FILE = 'review-allow.json';
const ENTRY_KEYS: ReadonlySet<string> = new Set(['logicalId', 'stack', 'reason']);

/** Reads `{ "allow": [{ "logicalId": "...", "stack"?: "...", "reason": "..." }] }`. */
export async function loadAllowFile(file: string): Promise<Allowance[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AllowFileError(`cannot read allow file ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const entries = (parsed as { allow?: unknown })?.allow;
  if (!Array.isArray(entries)) throw new AllowFileError(`${file} must hold { "allow": [...] }`);
  return entries.map((entry: unknown, index) => {
    const where = `${file}: allow[${index}]`;
    if (entry === null || typeof entry !== 'object') throw new AllowFileError(`${where} must be an object`);
    const { logicalId, stack, reason } = entry as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.has(key));
    if (unknown.length) throw new AllowFileError(`${where} has unknown keys: ${unknown.join(', ')}`);
    if (typeof logicalId !== 'string' || !logicalId.trim())
      throw new AllowFileError(`${where} needs a logicalId`);
    if (typeof reason !== 'string' || !reason.trim()) {
      throw new AllowFileError(
        `${where} (${logicalId}) needs a reason: why losing or replacing it is intended`,
      );
    }
    if (stack !== undefined && typeof stack !== 'string')
      throw new AllowFileError(`${where} stack must be a string`);
    return { logicalId, stack, reason: reason.trim(), source: file };
  });
}

export function commandLineAllowances(logicalIds: readonly string[]): Allowance[] {
  return logicalIds.map((logicalId) => ({
    logicalId,
    reason: '--allow on the command line',
    source: '--allow',
  }));
}

export function applyAllowances(
  changes: readonly BlockingChange[],
  allowances: readonly Allowance[],
): { blocking: BlockingChange[]; allowed: AllowedChange[]; unused: UnusedAllowance[] } {
  const used = new Set<Allowance>();
  const blocking: BlockingChange[] = [];
  const allowed: AllowedChange[] = [];
  for (const change of changes) {
    const matches = allowances.filter(
      (candidate) =>
        candidate.logicalId === change.logicalId &&
        (candidate.stack === undefined || candidate.stack === change.stack),
    );
    matches.forEach((allowance) => used.add(allowance));
    if (matches.length > 0) {
      allowed.push({ ...change, allowedBecause: matches.map((allowance) => allowance.reason).join('; ') });
    } else {
      blocking.push(change);
    }
  }
  const unused = allowances
    .filter((allowance) => !used.has(allowance))
    .map(({ logicalId, stack, source }) => ({ logicalId, stack, source }));
  return { blocking, allowed, unused };
}
