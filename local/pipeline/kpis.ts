import { Contract, ContractSqlFile } from '../../contract';
import { ObjectStore } from '../../core/ports/object-store';
import { SqlExecutor } from '../../core/warehouse/sql-executor';
import { rejectsByDataset } from './quarantine-rejects';
import { TableFigures, tableFigures } from './table-figures';

/** A contract KPI: a number, or numbers by label. */
export type KpiValue = number | null | { readonly [label: string]: number | null };

/** The figures every contract gets, beside its own KPIs. */
export interface PlatformKpis {
  /** Rejected rows per dataset (and event lake dataset) and reason code. */
  readonly rejected_by_dataset: Record<string, Record<string, number>>;
  /** Every star table built from a source dataset. */
  readonly tables: Record<string, TableFigures>;
}

/** What `kpis.json` holds: the contract's KPIs by name, then the platform's figures. */
export type Kpis = PlatformKpis & {
  readonly [kpi: string]: KpiValue | PlatformKpis[keyof PlatformKpis];
};

const PLATFORM_FIELDS: ReadonlySet<string> = new Set<keyof PlatformKpis>(['rejected_by_dataset', 'tables']);

/**
 * KPIs from the final warehouse state: the contract's KPI queries (over the star schema and
 * its marts), each star table's rows and measure totals, and the rejects recorded in the
 * quarantine zone, which keeps every rejected row's reason.
 */
export async function computeKpis(
  contract: Contract,
  warehouse: SqlExecutor,
  store: ObjectStore,
): Promise<Kpis> {
  const kpis: Record<string, KpiValue> = {};
  for (const file of contract.spec.kpis) addKpiRows(kpis, file, await warehouse.query({ sql: file.sql }));
  return {
    ...kpis,
    rejected_by_dataset: await rejectsByDataset(contract, store),
    tables: await tableFigures(contract, warehouse),
  };
}

/**
 * Adds the rows of one KPI query: `(kpi, label, value)` is `kpi = value` when label is null,
 * else `kpi = { label: value, ... }`. A query that returns no rows adds nothing.
 */
function addKpiRows(
  kpis: Record<string, KpiValue>,
  file: ContractSqlFile,
  rows: readonly Record<string, unknown>[],
): void {
  for (const row of rows) {
    if (!('kpi' in row && 'label' in row && 'value' in row))
      throw new Error(`KPI query ${file.name} must return the columns kpi, label and value`);
    const kpi = String(row.kpi);
    if (PLATFORM_FIELDS.has(kpi))
      throw new Error(
        `KPI query ${file.name}: ${kpi} is a field the platform writes; name the KPI otherwise`,
      );
    const value = row.value === null ? null : Number(row.value);
    const previous = kpis[kpi];
    if (row.label === null) {
      if (previous !== undefined) throw new Error(`KPI query ${file.name}: ${kpi} has more than one value`);
      kpis[kpi] = value;
    } else if (previous === undefined || (previous !== null && typeof previous === 'object')) {
      kpis[kpi] = { ...previous, [String(row.label)]: value };
    } else {
      throw new Error(`KPI query ${file.name}: ${kpi} has values both with and without a label`);
    }
  }
}
