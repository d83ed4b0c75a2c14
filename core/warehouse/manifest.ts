/**
 * The Glue job's batch manifest (contract.json layout.manifest):
 * `{ batch_date, tables: { <star table>: <row count> }, inputs: [...] }`.
 */
import { Contract } from '../../contract';

export interface BatchManifest {
  readonly batchDate: string;
  readonly rowCounts: Readonly<Record<string, number>>;
}

export class InvalidManifestError extends Error {
  override readonly name = 'InvalidManifestError';
}

/** Parses a manifest and checks it belongs to `batchDate` and counts every star table of the contract. */
export function parseManifest(contract: Contract, text: string, batchDate: string): BatchManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidManifestError(`manifest for ${batchDate} is not JSON: ${(error as Error).message}`);
  }
  const { batch_date: manifestDate, tables } = (json ?? {}) as { batch_date?: unknown; tables?: unknown };
  if (manifestDate !== batchDate) {
    throw new InvalidManifestError(
      `manifest batch_date is ${JSON.stringify(manifestDate)}, expected "${batchDate}"`,
    );
  }
  const counts = (typeof tables === 'object' && tables !== null ? tables : {}) as Record<string, unknown>;
  const rowCounts = Object.fromEntries(
    contract.tableNames.map((table) => {
      const count = counts[table];
      if (!Number.isSafeInteger(count) || (count as number) < 0) {
        throw new InvalidManifestError(
          `manifest for ${batchDate} has no row count for ${table} (got ${JSON.stringify(count)})`,
        );
      }
      return [table, count as number];
    }),
  );
  return { batchDate, rowCounts };
}
