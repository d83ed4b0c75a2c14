import { defaultContract, ReasonCode } from '../../contract';
import { SeededRandom } from './random';

export interface SalesSampleOptions {
  readonly seed: number;
  readonly rows: number;
  /** Share of rows broken on purpose, each in a way with a known reason code. @default 0 */
  readonly badRowRatio?: number;
  /** Ids are drawn from 1..n. @default 5000, 500, 50 */
  readonly customers?: number;
  readonly products?: number;
  readonly locations?: number;
}

type SalesRow = Record<string, string>;

/** The sales example's sales columns, in contract order. */
const COLUMNS = defaultContract()
  .dataset('sales')
  .columns.map((column) => column.name);
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2024, 0, 1);

/** Ways to break a row, each with the reason code the validator must give it. */
const BREAKAGES: readonly { readonly reason: ReasonCode; readonly apply: (row: SalesRow) => void }[] = [
  { reason: 'MISSING_VALUE', apply: (row) => (row.customer_id = '') },
  { reason: 'INVALID_TYPE', apply: (row) => (row.unit_price = 'n/a') },
  { reason: 'INVALID_TYPE', apply: (row) => (row.sale_date = '2024-02-30') },
  { reason: 'OUT_OF_RANGE', apply: (row) => (row.quantity = '0') },
  { reason: 'RULE_VIOLATION', apply: (row) => (row.discount = '999999.00') },
];

/**
 * Deterministic sales CSV lines (header first, each ending in a newline) in contract column
 * order. Pure: the output depends only on the options.
 */
export function* salesCsvLines(options: SalesSampleOptions): Generator<string> {
  const random = new SeededRandom(options.seed);
  const badRowRatio = options.badRowRatio ?? 0;
  yield `${COLUMNS.join(',')}\n`;
  for (let saleId = 1; saleId <= options.rows; saleId++) {
    const row = salesRow(random, saleId, options);
    if (random.next() < badRowRatio) random.pick(BREAKAGES).apply(row);
    yield `${COLUMNS.map((column) => row[column] ?? '').join(',')}\n`;
  }
}

/** The reason code a broken row gets, by breakage; for tests of the generator's output. */
export const SALES_BREAKAGE_REASONS: readonly ReasonCode[] = BREAKAGES.map((breakage) => breakage.reason);

function salesRow(random: SeededRandom, saleId: number, options: SalesSampleOptions): SalesRow {
  const quantity = random.int(1, 10);
  const unitCents = random.int(100, 50_000);
  const grossCents = quantity * unitCents;
  const discountCents = random.next() < 0.3 ? Math.floor(grossCents * random.int(1, 20) * 0.01) : 0;
  const taxCents = Math.round((grossCents - discountCents) * 0.08);
  return {
    sale_id: String(saleId),
    sale_date: new Date(FIRST_DAY + random.int(0, 365) * DAY_MS).toISOString().slice(0, 10),
    customer_id: String(random.int(1, options.customers ?? 5000)),
    product_id: String(random.int(1, options.products ?? 500)),
    location_id: String(random.int(1, options.locations ?? 50)),
    quantity: String(quantity),
    unit_price: cents(unitCents),
    discount: discountCents ? cents(discountCents) : '',
    tax_amount: cents(taxCents),
  };
}

function cents(value: number): string {
  return (value / 100).toFixed(2);
}
