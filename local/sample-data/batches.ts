import { defaultContract, ReasonCode } from '../../contract';
import { SeededRandom } from './random';
import { csvRecord } from './csv-record';
import { BatchFiles, SampleRow } from './write-batches';

/** A batch of the sales example; its CSV files hold some deliberately invalid UTF-8. */
export interface GeneratedBatch extends BatchFiles {
  /** The rows that must be accepted, in file order, as generated (untrimmed). */
  readonly accepted: Readonly<Record<string, readonly SampleRow[]>>;
  /** How many rows of each dataset must be rejected, per reason. */
  readonly rejected: Readonly<Record<string, Readonly<Partial<Record<ReasonCode, number>>>>>;
  /** Sale events as the app streams them (NDJSON), with a redelivery and a few invalid ones. */
  readonly events: Buffer;
  /** The distinct sales the valid events carry (one per event_id), as JSON fields. */
  readonly acceptedEvents: readonly SampleRow[];
  /** How many event lines must be quarantined, per reason. */
  readonly rejectedEvents: Readonly<Partial<Record<ReasonCode, number>>>;
}

export interface GenerateOptions {
  /** Number of daily batches. */
  readonly days: number;
  /** Valid sales rows per batch (rejects come on top). */
  readonly salesPerDay: number;
  readonly seed: number;
  /** First batch date. @default '2026-01-15' */
  readonly startDate?: string;
  /** Valid sale events per batch (redeliveries and rejects come on top). @default 0 */
  readonly eventsPerDay?: number;
}

const REGIONS = [
  ['Seattle', 'WA', 'West'],
  ['Portland', 'OR', 'West'],
  ['Denver', 'CO', 'Mountain'],
  ['Austin', 'TX', 'South'],
  ['Atlanta', 'GA', 'South'],
  ['Chicago', 'IL', 'Midwest'],
  ['Boston', 'MA', 'Northeast'],
  ['New York', 'NY', 'Northeast'],
] as const;
const CATEGORIES = [
  ['Electronics', ['Audio', 'Phones', 'Computers']],
  ['Home', ['Kitchen', 'Garden']],
  ['Apparel', ['Shoes', 'Outerwear']],
  ['Grocery', ['Snacks', 'Beverages']],
] as const;
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jo'];
const LAST = ['Ng', "O'Brien", 'Silva', 'Kowalski', 'Müller', 'Okafor', 'Park', 'Rossi'];
const SEGMENTS = ['Consumer', 'Corporate', 'Small Business'];
/** Ids no dimension ever uses: sales referencing them are orphans that map to Unknown. */
const ORPHAN_ID_BASE = 9_000_000;
/** Streamed sales get their own id range, apart from the files' sales. */
const EVENT_SALE_ID_BASE = 5_000_000;
/** The sales example: the contract these batches follow. */
const SALES = defaultContract();
/** Where the sale events go: `<lake dataset>.ndjson`. */
const SALE_EVENTS = SALES.event('sale_event').lakeDataset;

/**
 * Deterministic sample batches: dimensions arrive before the sales that use them, later
 * batches carry SCD1 updates and new members, sales include orphans and cross-batch re-sends,
 * and every file carries a few rows of each reject kind, well under the 5% file threshold.
 */
export function generateBatches(options: GenerateOptions): GeneratedBatch[] {
  const rng = new SeededRandom(options.seed);
  const state = new WorldState(rng, options.salesPerDay, options.eventsPerDay ?? 0);
  const start = new Date(`${options.startDate ?? '2026-01-15'}T00:00:00Z`);
  return Array.from({ length: options.days }, (_, day) => {
    const date = new Date(start.getTime() + day * 86_400_000).toISOString().slice(0, 10);
    return state.batch(day, date);
  });
}

class WorldState {
  private readonly customers = new Map<number, SampleRow>();
  private readonly products = new Map<number, SampleRow>();
  private readonly locations = new Map<number, SampleRow>();
  private nextSaleId = 1;
  private nextEventSaleId = EVENT_SALE_ID_BASE;
  private previousSales: SampleRow[] = [];

  constructor(
    private readonly rng: SeededRandom,
    private readonly salesPerDay: number,
    private readonly eventsPerDay: number,
  ) {}

  batch(day: number, date: string): GeneratedBatch {
    const customers = day === 0 ? this.initialCustomers() : this.customerChanges();
    const products = day === 0 ? this.initialProducts() : this.productChanges();
    const locations = day === 0 ? this.initialLocations() : this.locationChanges();
    const sales = this.sales(date);
    const events = this.events(date);
    return {
      date,
      ...events,
      eventFiles: { [SALE_EVENTS]: events.events },
      files: {
        customers: customers.file,
        products: products.file,
        locations: locations.file,
        sales: sales.file,
      },
      accepted: {
        customers: customers.accepted,
        products: products.accepted,
        locations: locations.accepted,
        sales: sales.accepted,
      },
      rejected: {
        customers: customers.rejected,
        products: products.rejected,
        locations: locations.rejected,
        sales: sales.rejected,
      },
    };
  }

  private customer(id: number): SampleRow {
    const [city, state] = this.rng.pick(REGIONS);
    const first = this.rng.pick(FIRST);
    return {
      customer_id: String(id),
      first_name: ` ${first}`,
      last_name: this.rng.pick(LAST),
      email: this.rng.next() < 0.9 ? `${first.toLowerCase()}.${id}@example.com` : '',
      city,
      state,
      segment: this.rng.pick(SEGMENTS),
    };
  }

  private initialCustomers(): DatasetFile {
    const count = Math.max(100, Math.floor(this.salesPerDay / 5));
    const rows = Array.from({ length: count }, (_, i) => this.customer(i + 1));
    return this.remember(this.customers, 'customers', rows, customerRejects);
  }

  private customerChanges(): DatasetFile {
    const existing = [...this.customers.values()];
    const updated = existing
      .filter(() => this.rng.next() < 0.05)
      .map((row) => ({ ...row, segment: this.rng.pick(SEGMENTS), city: this.rng.pick(REGIONS)[0] }));
    const fresh = Array.from({ length: Math.max(100 - updated.length, 5) }, (_, i) =>
      this.customer(existing.length + i + 1),
    );
    return this.remember(this.customers, 'customers', [...updated, ...fresh], customerRejects);
  }

  private product(id: number): SampleRow {
    const [category, subcategories] = this.rng.pick(CATEGORIES);
    return {
      product_id: String(id),
      product_name: `${category} item ${id}, "classic"`,
      category,
      subcategory: this.rng.pick(subcategories),
      brand: this.rng.next() < 0.8 ? `Brand ${this.rng.int(1, 9)}` : '',
      unit_price: cents(this.rng.int(99, 99_999)),
    };
  }

  private initialProducts(): DatasetFile {
    const count = Math.max(40, Math.floor(this.salesPerDay / 100));
    const rows = Array.from({ length: count }, (_, i) => this.product(i + 1));
    return this.remember(this.products, 'products', rows, productRejects);
  }

  private productChanges(): DatasetFile {
    const existing = [...this.products.values()];
    const repriced = existing
      .filter(() => this.rng.next() < 0.1)
      .map((row) => ({ ...row, unit_price: cents(this.rng.int(99, 99_999)) }));
    // One product moves category, so SCD1 re-attributes its earlier revenue.
    const [first] = existing;
    const moved = { ...first, category: first.category === 'Home' ? 'Apparel' : 'Home' };
    const fresh = Array.from({ length: Math.max(2, 38 - repriced.length) }, (_, i) =>
      this.product(existing.length + i + 1),
    );
    return this.remember(this.products, 'products', [moved, ...repriced, ...fresh], productRejects);
  }

  private location(id: number): SampleRow {
    const [city, state, region] = REGIONS[(id - 1) % REGIONS.length];
    return {
      location_id: String(id),
      store_name: `Store #${id}, ${city}`,
      city,
      state,
      region,
      country: 'US',
    };
  }

  private initialLocations(): DatasetFile {
    const rows = Array.from({ length: REGIONS.length }, (_, i) => this.location(i + 1));
    return this.remember(this.locations, 'locations', rows, () => [], true);
  }

  private locationChanges(): DatasetFile {
    const rows = [this.location(this.locations.size + 1)];
    return this.remember(this.locations, 'locations', rows, () => []);
  }

  private sales(date: string): DatasetFile {
    const customerIds = [...this.customers.keys()];
    const productIds = [...this.products.keys()];
    const locationIds = [...this.locations.keys()];
    const rows: SampleRow[] = [];
    for (let i = 0; i < this.salesPerDay; i++) {
      const orphan = i % 200 === 7 ? i % 3 : -1;
      const productId = orphan === 1 ? ORPHAN_ID_BASE + i : this.rng.pick(productIds);
      const unitPrice = this.products.get(productId)?.unit_price ?? cents(this.rng.int(99, 9_999));
      const quantity = this.rng.int(1, 10);
      const grossCents = quantity * Math.round(Number(unitPrice) * 100);
      const discountCents = this.rng.next() < 0.3 ? this.rng.int(0, Math.floor(grossCents / 4)) : 0;
      rows.push({
        sale_id: String(this.nextSaleId++),
        sale_date: daysBefore(date, this.rng.int(0, 45)),
        customer_id: String(orphan === 0 ? ORPHAN_ID_BASE + i : this.rng.pick(customerIds)),
        product_id: String(productId),
        location_id: String(orphan === 2 ? ORPHAN_ID_BASE + i : this.rng.pick(locationIds)),
        quantity: String(quantity),
        unit_price: unitPrice,
        discount: discountCents === 0 && this.rng.next() < 0.5 ? '' : cents(discountCents),
        tax_amount: this.rng.next() < 0.1 ? '' : cents(Math.round((grossCents - discountCents) * 0.08)),
      });
    }
    // Re-sent sales from the previous batch: the MERGE on sale_id must not double them.
    const resent = this.previousSales.slice(0, 3);
    this.previousSales = rows;
    const all = [...rows, ...resent];
    return buildFile('sales', all, saleRejects(all, this.rng, this.nextSaleId));
  }

  /**
   * Sale events of the batch's day: valid ones for known members, the first one redelivered
   * (same event_id: the batch job keeps one sale), and one of each kind of bad event.
   */
  private events(date: string): Pick<GeneratedBatch, 'events' | 'acceptedEvents' | 'rejectedEvents'> {
    if (this.eventsPerDay === 0) return { events: Buffer.alloc(0), acceptedEvents: [], rejectedEvents: {} };
    const accepted: SampleRow[] = [];
    for (let i = 0; i < this.eventsPerDay; i++) {
      const quantity = this.rng.int(1, 5);
      const product = this.products.get(this.rng.pick([...this.products.keys()]))!;
      accepted.push({
        event_id: this.uuid(),
        event_type: 'sale',
        occurred_at: `${date}T${String(this.rng.int(0, 23)).padStart(2, '0')}:15:00+01:00`,
        sale_id: String(this.nextEventSaleId++),
        sale_date: date,
        customer_id: String(this.rng.pick([...this.customers.keys()])),
        product_id: product.product_id,
        location_id: String(this.rng.pick([...this.locations.keys()])),
        quantity: String(quantity),
        unit_price: product.unit_price,
        discount: '',
        tax_amount: cents(this.rng.int(0, 500)),
      });
    }
    const bad: [ReasonCode, string][] = [
      ['MALFORMED_ROW', '{"event_id": "truncated'],
      ['MISSING_VALUE', JSON.stringify({ ...accepted[0], event_id: this.uuid(), quantity: '' })],
      ['INVALID_TYPE', JSON.stringify({ ...accepted[0], event_id: 'not-a-uuid' })],
      ['RULE_VIOLATION', JSON.stringify({ ...accepted[0], event_id: this.uuid(), discount: '99999.00' })],
    ];
    const lines = [
      ...accepted.map((row) => JSON.stringify(row)),
      JSON.stringify(accepted[0]),
      ...bad.map(([, line]) => line),
    ];
    return {
      events: Buffer.from(`${lines.join('\n')}\n`),
      acceptedEvents: accepted,
      rejectedEvents: Object.fromEntries(bad.map(([reason]) => [reason, 1])),
    };
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.rng.int(0, 15).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  private remember(
    target: Map<number, SampleRow>,
    dataset: string,
    rows: SampleRow[],
    rejects: (rows: SampleRow[]) => RejectRow[],
    shuffleHeader = false,
  ): DatasetFile {
    for (const row of rows) target.set(Number(row[SALES.dataset(dataset).key]), row);
    return buildFile(dataset, rows, rejects(rows), shuffleHeader);
  }
}

interface RejectRow {
  readonly reason: ReasonCode;
  /** The line's bytes, without the line ending. */
  readonly line: Buffer;
}

interface DatasetFile {
  readonly file: Buffer;
  readonly accepted: SampleRow[];
  readonly rejected: Partial<Record<ReasonCode, number>>;
}

function customerRejects(rows: SampleRow[]): RejectRow[] {
  const id = Number(rows[rows.length - 1].customer_id) + 1000;
  return [
    {
      reason: 'MISSING_VALUE',
      line: csvLine('customers', { ...rows[0], customer_id: String(id), last_name: '  ' }),
    },
    {
      reason: 'INVALID_TYPE',
      line: csvLine('customers', { ...rows[0], customer_id: String(id + 1), email: 'no-at-sign' }),
    },
    { reason: 'DUPLICATE_KEY', line: csvLine('customers', { ...rows[1], first_name: 'Dupe' }) },
  ];
}

function productRejects(rows: SampleRow[]): RejectRow[] {
  const id = Number(rows[rows.length - 1].product_id) + 1000;
  return [
    {
      reason: 'OUT_OF_RANGE',
      line: csvLine('products', { ...rows[0], product_id: String(id), unit_price: '-5.00' }),
    },
  ];
}

/** A few rows of every reason code, about 1.4% of the file. */
function saleRejects(rows: SampleRow[], rng: SeededRandom, firstFreeId: number): RejectRow[] {
  const perKind = Math.max(1, Math.round(rows.length * 0.002));
  const rejects: RejectRow[] = [];
  let id = firstFreeId + 1_000_000;
  for (let k = 0; k < perKind; k++) {
    const base = rows[rng.int(0, rows.length - 1)];
    const line = (overrides: Partial<SampleRow>) =>
      csvLine('sales', { ...base, sale_id: String(id++), ...overrides });
    const good = line({});
    rejects.push(
      { reason: 'MALFORMED_ROW', line: good.subarray(0, good.lastIndexOf(',')) },
      { reason: 'ENCODING', line: encodingBroken(line({})) },
      { reason: 'MISSING_VALUE', line: line({ quantity: '' }) },
      { reason: 'INVALID_TYPE', line: line({ unit_price: '12.345' }) },
      { reason: 'OUT_OF_RANGE', line: line({ quantity: '0' }) },
      {
        reason: 'RULE_VIOLATION',
        line: line({ discount: '999999999.00', unit_price: '1.00', quantity: '1' }),
      },
      { reason: 'DUPLICATE_KEY', line: csvLine('sales', { ...rows[k % rows.length], quantity: '99' }) },
    );
  }
  return rejects;
}

/** Replaces the sale_date's first digit with a byte that is never valid UTF-8. */
function encodingBroken(line: Buffer): Buffer {
  const copy = Buffer.from(line);
  copy[copy.indexOf(',') + 1] = 0xff;
  return copy;
}

function buildFile(
  dataset: string,
  accepted: SampleRow[],
  rejects: RejectRow[],
  shuffleHeader = false,
): DatasetFile {
  const columns = SALES.dataset(dataset).columns.map((c) => c.name);
  // Reject lines are built in contract order, so only reject-free files get a reordered header.
  const header = shuffleHeader && rejects.length === 0 ? [...columns].reverse() : columns;
  const lines: Buffer[] = [Buffer.from(header.join(','))];
  // Rejects are spread through the file, and DUPLICATE_KEY rows always follow their first row.
  const stride = Math.max(1, Math.floor(accepted.length / (rejects.length + 1)));
  let next = 0;
  accepted.forEach((row, i) => {
    lines.push(csvLine(dataset, row, header));
    if (i % stride === stride - 1 && next < rejects.length) lines.push(rejects[next++].line);
    if (i === 2) lines.push(Buffer.alloc(0)); // an empty line: ignored, never counted
  });
  while (next < rejects.length) lines.push(rejects[next++].line);
  const rejected: Partial<Record<ReasonCode, number>> = {};
  for (const { reason } of rejects) rejected[reason] = (rejected[reason] ?? 0) + 1;
  return { file: Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\r\n')])), accepted, rejected };
}

export function csvLine(dataset: string, row: SampleRow, header?: readonly string[]): Buffer {
  const columns = header ?? SALES.dataset(dataset).columns.map((c) => c.name);
  return Buffer.from(csvRecord(columns.map((name) => row[name] ?? '')));
}

function cents(value: number): string {
  return (value / 100).toFixed(2);
}

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
