import { Contract } from '../../contract';
import { GeneratedBatch } from '../../local/sample-data';
import { dimensionFigures, onInferred, simulateStar, Version } from './history-oracle';
import { trimmed } from './table-oracle';

/**
 * The KPIs the local pipeline must produce, computed independently of the validator, Spark
 * and SQL from the generator's own record of what it wrote, by the pipeline's rules:
 * dimensions and their versions as history-oracle simulates them (customer_dim is SCD2, so
 * revenue by segment is as of each sale's date), facts MERGEd on sale_id, references to members
 * that never arrived on inferred placeholders, revenue = quantity x unit_price - discount, one
 * calendar member per date a sale ever had.
 */
export function expectedKpis(contract: Contract, batches: readonly GeneratedBatch[]) {
  const rejected: Record<string, Record<string, number>> = {};
  const dates = new Set<string>();
  for (const batch of batches) {
    for (const sale of [...batch.accepted.sales, ...batch.acceptedEvents]) dates.add(trimmed(sale.sale_date));
    const rejects: Record<string, Partial<Record<string, number>>> = { ...batch.rejected };
    if (batch.events.length > 0) rejects.sales_events = batch.rejectedEvents;
    for (const [dataset, reasons] of Object.entries(rejects)) {
      rejected[dataset] ??= {};
      for (const [code, n] of Object.entries(reasons))
        rejected[dataset][code] = (rejected[dataset][code] ?? 0) + (n ?? 0);
    }
  }
  // Streamed sales join the batch's sales; the job keeps one per event_id and sale_id, the event last.
  const star = simulateStar(
    contract,
    batches.map((batch) => ({
      date: batch.date,
      accepted: { ...batch.accepted, sales: [...batch.accepted.sales, ...batch.acceptedEvents] },
    })),
  );
  const facts = star.facts.get('sales_fact')!;

  let netCents = 0;
  let units = 0;
  const sums = { unit_price: 0, gross_amount: 0, discount: 0, tax_amount: 0 };
  const byRegion: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const byMonth: Record<string, number> = {};
  const bySegment: Record<string, number> = {};
  const customersWithSales = new Set<string>();
  const add = (target: Record<string, number>, key: string, cents: number) =>
    (target[key] = (target[key] ?? 0) + cents);
  // A placeholder's attributes are reported apart from every member's.
  const attribute = (version: Version | undefined, column: string) =>
    version?.row ? trimmed(version.row[column]) || '(none)' : '(inferred)';
  for (const { row: sale, versions } of facts.values()) {
    const quantity = Number(trimmed(sale.quantity));
    const gross = quantity * toCents(sale.unit_price);
    const net = gross - toCents(sale.discount);
    netCents += net;
    units += quantity;
    sums.unit_price += toCents(sale.unit_price);
    sums.gross_amount += gross;
    sums.discount += toCents(sale.discount);
    sums.tax_amount += toCents(sale.tax_amount);
    add(byRegion, attribute(versions.location_key, 'region'), net);
    add(byCategory, attribute(versions.product_key, 'category'), net);
    add(bySegment, attribute(versions.customer_key, 'segment'), net);
    add(byMonth, trimmed(sale.sale_date).slice(0, 7), net);
    if (versions.customer_key?.row) customersWithSales.add(versions.customer_key.key);
  }
  const toAmounts = (cents: Record<string, number>) =>
    Object.fromEntries(Object.entries(cents).map(([key, value]) => [key, value / 100]));
  const known = (dimension: string) =>
    [...star.dimensions.get(dimension)!.values()].filter((versions) => versions.at(-1)!.row).length;
  const dimension = (name: string) => dimensionFigures(star.dimensions.get(name)!);

  return {
    sales_count: facts.size,
    total_net_revenue: netCents / 100,
    total_units: units,
    customers_with_sales: customersWithSales.size,
    revenue_by_region: toAmounts(byRegion),
    revenue_by_category: toAmounts(byCategory),
    revenue_by_month: toAmounts(byMonth),
    revenue_by_segment: toAmounts(bySegment),
    rejected_by_dataset: rejected,
    dim_counts: {
      customer: known('customer_dim'),
      product: known('product_dim'),
      location: known('location_dim'),
    },
    tables: {
      customer_dim: dimension('customer_dim'),
      product_dim: dimension('product_dim'),
      location_dim: dimension('location_dim'),
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
        on_inferred: onInferred(facts, ['customer_key', 'product_key', 'location_key']),
      },
    },
  };
}

/** Empty amounts mean 0 (the contract's default for discount and tax). */
function toCents(value: string | undefined): number {
  const text = trimmed(value);
  return text === '' ? 0 : Math.round(Number(text) * 100);
}
