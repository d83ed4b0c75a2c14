import { KpiValue, Kpis } from './kpis';

/** Whole numbers as counts, others as amounts to the cent; null as a dash. */
const figure = (value: number | null): string =>
  value === null
    ? '-'
    : value.toLocaleString(
        'en-US',
        Number.isInteger(value) ? {} : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
      );

/**
 * A short plain-text report: the contract's KPIs, each star table's rows and measure totals,
 * the rejects per dataset and reason, and where the outputs are.
 */
export function formatKpiReport(
  kpis: Kpis,
  where: { readonly input: string; readonly out: string; readonly state: string },
): string {
  const { rejected_by_dataset: rejected, tables, ...contractKpis } = kpis;
  const kpiLines = Object.entries(contractKpis as Record<string, KpiValue>).flatMap(([name, value]) =>
    value !== null && typeof value === 'object'
      ? [
          `  ${name}`,
          ...Object.entries(value).map(([label, v]) => `    ${label.padEnd(16)} ${figure(v).padStart(16)}`),
        ]
      : [`  ${name.padEnd(18)} ${figure(value).padStart(16)}`],
  );
  const tableLines = Object.entries(tables).map(([name, table]) =>
    [
      `    ${name.padEnd(16)} ${figure(table.rows).padStart(10)} rows`,
      ...(table.members === undefined ? [] : [`members=${figure(table.members)}`]),
      ...(table.inferred === undefined ? [] : [`inferred=${figure(table.inferred)}`]),
      ...Object.entries(table.sums ?? {}).map(([column, total]) => `${column}=${figure(total)}`),
      ...Object.entries(table.on_inferred ?? {}).map(([column, n]) => `${column} on inferred=${figure(n)}`),
    ].join('  '),
  );
  const rejectLines = Object.entries(rejected).map(
    ([dataset, codes]) =>
      `    ${dataset.padEnd(16)} ${
        Object.entries(codes)
          .map(([code, n]) => `${code}=${n}`)
          .join(' ') || 'none'
      }`,
  );
  return [
    '',
    'KPIs (from the local warehouse: star schema and marts)',
    ...kpiLines,
    "  star tables (rows and members without the Unknown one, inferred placeholders; totals of the facts' measures)",
    ...tableLines,
    '  rejected rows (kept in the quarantine zone with their reason)',
    ...rejectLines,
    '',
    `input batches:  ${where.input}`,
    `outputs:        ${where.out} (kpis.json; per batch: reports/, quality.json, run.json)`,
    `lake+warehouse: ${where.state}`,
  ].join('\n');
}
