import { Kpis } from './kpis';

const money = (value: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A short plain-text report of the KPIs, the rejects per reason, and where outputs are. */
export function formatKpiReport(
  kpis: Kpis,
  where: { readonly input: string; readonly out: string; readonly state: string },
): string {
  const table = (title: string, rows: Record<string, number>) => [
    `  ${title}`,
    ...Object.entries(rows).map(([label, value]) => `    ${label.padEnd(14)} ${money(value).padStart(16)}`),
  ];
  const rejects = Object.entries(kpis.rejected_by_dataset).map(
    ([dataset, codes]) =>
      `    ${dataset.padEnd(12)} ${
        Object.entries(codes)
          .map(([code, n]) => `${code}=${n}`)
          .join(' ') || 'none'
      }`,
  );
  return [
    '',
    'KPIs (from the local warehouse: star schema and marts)',
    `  sales              ${kpis.sales_count}`,
    `  net revenue        ${money(kpis.total_net_revenue)}`,
    `  units              ${kpis.total_units}`,
    `  customers w/ sales ${kpis.customers_with_sales}`,
    `  dimensions         customer=${kpis.dim_counts.customer} product=${kpis.dim_counts.product} location=${kpis.dim_counts.location}`,
    ...table('revenue by region', kpis.revenue_by_region),
    ...table('revenue by category', kpis.revenue_by_category),
    ...table('revenue by month', kpis.revenue_by_month),
    '  rejected rows (kept in the quarantine zone with their reason)',
    ...rejects,
    '',
    `input batches:  ${where.input}`,
    `outputs:        ${where.out} (kpis.json; per batch: reports/, quality.json, run.json)`,
    `lake+warehouse: ${where.state}`,
  ].join('\n');
}
