import { DATASET_NAMES, EVENTS } from '../../contract';
import { ObjectStore, readObjectText } from '../../core/ports/object-store';
import { SqlExecutor } from '../../core/warehouse/sql-executor';
import { LOCAL_BUCKETS } from './local-state';

/** The figures `kpis.json` holds, computed from the final warehouse state. */
export interface Kpis {
  readonly sales_count: number;
  readonly total_net_revenue: number;
  readonly total_units: number;
  readonly customers_with_sales: number;
  readonly revenue_by_region: Record<string, number>;
  readonly revenue_by_category: Record<string, number>;
  readonly revenue_by_month: Record<string, number>;
  readonly rejected_by_dataset: Record<string, Record<string, number>>;
  readonly dim_counts: { readonly customer: number; readonly product: number; readonly location: number };
}

const UNKNOWN = -1;

/**
 * KPIs by SQL over the star schema and its marts (revenue is the sum of net_amount; orphan
 * sales sit under the dimensions' 'Unknown' member), plus rejects from the validator reports
 * in the quarantine zone, which keep every rejected row's reason.
 */
export async function computeKpis(warehouse: SqlExecutor, store: ObjectStore): Promise<Kpis> {
  const one = async (sql: string) => Number(Object.values((await warehouse.query({ sql }))[0])[0] ?? 0);
  const grouped = async (sql: string) =>
    Object.fromEntries(
      (await warehouse.query<{ label: string; amount: string }>({ sql })).map((row) => [
        row.label,
        Number(row.amount),
      ]),
    );
  return {
    sales_count: await one('select count(*) from presentation.sales_fact'),
    total_net_revenue: await one('select coalesce(sum(net_amount), 0) from presentation.sales_fact'),
    total_units: await one('select coalesce(sum(quantity), 0) from presentation.sales_fact'),
    customers_with_sales: await one(
      `select count(*) from presentation.mv_customer_value where customer_key <> ${UNKNOWN}`,
    ),
    revenue_by_region: await grouped(
      'select region as label, sum(net_revenue) as amount from presentation.mv_sales_by_region_month group by region order by region',
    ),
    revenue_by_category: await grouped(
      'select category as label, sum(net_revenue) as amount from presentation.mv_sales_by_category_month group by category order by category',
    ),
    revenue_by_month: await grouped(
      `select sales_year || '-' || lpad(sales_month::varchar, 2, '0') as label, sum(net_revenue) as amount
       from presentation.mv_sales_by_region_month group by sales_year, sales_month order by 1`,
    ),
    rejected_by_dataset: await rejectsByDataset(store),
    dim_counts: {
      customer: await one(`select count(*) from presentation.customer_dim where customer_key <> ${UNKNOWN}`),
      product: await one(`select count(*) from presentation.product_dim where product_key <> ${UNKNOWN}`),
      location: await one(`select count(*) from presentation.location_dim where location_key <> ${UNKNOWN}`),
    },
  };
}

/**
 * Rejected rows per dataset and reason, from the quarantine zone: the validator reports of the
 * files, and the quarantined lines of streamed events (one JSON object with its reason each).
 */
async function rejectsByDataset(store: ObjectStore): Promise<Record<string, Record<string, number>>> {
  const totals: Record<string, Record<string, number>> = {};
  const add = (dataset: string, code: string, count: number) => {
    totals[dataset] ??= {};
    if (count > 0) totals[dataset][code] = (totals[dataset][code] ?? 0) + count;
  };
  const objects = async (prefix: string, suffix: string) =>
    (await store.list(LOCAL_BUCKETS.quarantine, prefix)).filter((key) => key.endsWith(suffix));
  const text = (key: string) => readObjectText(store, LOCAL_BUCKETS.quarantine, key);

  for (const dataset of DATASET_NAMES) {
    for (const key of await objects(`${dataset}/`, '.report.json')) {
      const report = JSON.parse(await text(key)) as { rejected_by_reason: Record<string, number> };
      totals[dataset] ??= {};
      for (const [code, count] of Object.entries(report.rejected_by_reason)) add(dataset, code, count);
    }
  }
  for (const { lakeDataset } of Object.values(EVENTS)) {
    for (const key of await objects(`${lakeDataset}/`, '.rejected.ndjson')) {
      for (const line of (await text(key)).split('\n').filter(Boolean)) {
        add(lakeDataset, (JSON.parse(line) as { reason: string }).reason, 1);
      }
    }
  }
  return totals;
}
