import { GeneratedBatch, SampleRow } from '../../local/sample-data';
import { trimmed } from './table-oracle';

/**
 * The KPIs the local pipeline must produce, computed independently of the validator, Spark
 * and SQL from the generator's own record of what it wrote, by the pipeline's rules: SCD1
 * dimensions (latest batch wins), facts MERGEd on sale_id, unknown references on the
 * Unknown member, revenue = quantity x unit_price - discount, one calendar member per date
 * a sale ever had.
 */
export function expectedKpis(batches: readonly GeneratedBatch[]) {
  const customers = new Map<string, SampleRow>();
  const products = new Map<string, SampleRow>();
  const locations = new Map<string, SampleRow>();
  const facts = new Map<
    string,
    { sale: SampleRow; customer?: string; product?: string; location?: string }
  >();
  const rejected: Record<string, Record<string, number>> = {};
  const dates = new Set<string>();

  for (const batch of batches) {
    for (const row of batch.accepted.customers) customers.set(trimmed(row.customer_id), row);
    for (const row of batch.accepted.products) products.set(trimmed(row.product_id), row);
    for (const row of batch.accepted.locations) locations.set(trimmed(row.location_id), row);
    // Streamed sales join the batch's sales; the job keeps one per event_id and sale_id.
    for (const sale of [...batch.accepted.sales, ...batch.acceptedEvents]) {
      dates.add(trimmed(sale.sale_date));
      const known = (map: Map<string, SampleRow>, id: string) =>
        map.has(trimmed(id)) ? trimmed(id) : undefined;
      facts.set(trimmed(sale.sale_id), {
        sale,
        customer: known(customers, sale.customer_id),
        product: known(products, sale.product_id),
        location: known(locations, sale.location_id),
      });
    }
    const rejects: Record<string, Partial<Record<string, number>>> = { ...batch.rejected };
    if (batch.events.length > 0) rejects.sales_events = batch.rejectedEvents;
    for (const [dataset, reasons] of Object.entries(rejects)) {
      rejected[dataset] ??= {};
      for (const [code, n] of Object.entries(reasons))
        rejected[dataset][code] = (rejected[dataset][code] ?? 0) + (n ?? 0);
    }
  }

  let netCents = 0;
  let units = 0;
  const sums = { unit_price: 0, gross_amount: 0, discount: 0, tax_amount: 0 };
  const byRegion: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const byMonth: Record<string, number> = {};
  const add = (target: Record<string, number>, key: string, cents: number) =>
    (target[key] = (target[key] ?? 0) + cents);
  for (const { sale, product, location } of facts.values()) {
    const quantity = Number(trimmed(sale.quantity));
    const gross = quantity * toCents(sale.unit_price);
    const net = gross - toCents(sale.discount);
    netCents += net;
    units += quantity;
    sums.unit_price += toCents(sale.unit_price);
    sums.gross_amount += gross;
    sums.discount += toCents(sale.discount);
    sums.tax_amount += toCents(sale.tax_amount);
    add(byRegion, location ? trimmed(locations.get(location)!.region) : 'Unknown', net);
    add(byCategory, product ? trimmed(products.get(product)!.category) : 'Unknown', net);
    add(byMonth, trimmed(sale.sale_date).slice(0, 7), net);
  }
  const toAmounts = (cents: Record<string, number>) =>
    Object.fromEntries(Object.entries(cents).map(([key, value]) => [key, value / 100]));

  return {
    sales_count: facts.size,
    total_net_revenue: netCents / 100,
    total_units: units,
    customers_with_sales: new Set([...facts.values()].map((f) => f.customer).filter(Boolean)).size,
    revenue_by_region: toAmounts(byRegion),
    revenue_by_category: toAmounts(byCategory),
    revenue_by_month: toAmounts(byMonth),
    rejected_by_dataset: rejected,
    dim_counts: { customer: customers.size, product: products.size, location: locations.size },
    tables: {
      customer_dim: { rows: customers.size },
      product_dim: { rows: products.size },
      location_dim: { rows: locations.size },
      date_dim: { rows: dates.size },
      sales_fact: {
        rows: facts.size,
        sums: {
          quantity: units,
          unit_price: sums.unit_price / 100,
          gross_amount: sums.gross_amount / 100,
          discount: sums.discount / 100,
          tax_amount: sums.tax_amount / 100,
          net_amount: netCents / 100,
        },
      },
    },
  };
}

/** Empty amounts mean 0 (the contract's default for discount and tax). */
function toCents(value: string | undefined): number {
  const text = trimmed(value);
  return text === '' ? 0 : Math.round(Number(text) * 100);
}
