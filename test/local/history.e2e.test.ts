import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultContract } from '../../contract';
import { GeneratedBatch, SampleRow, writeBatchFolders } from '../../local/sample-data';
import { runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { localState } from '../../local/pipeline/local-state';
import { BatchInputError } from '../../local/pipeline/batch-folders';
import { PgliteExecutor } from '../../adapters/local/pglite-executor';
import { expectedKpis } from './kpi-oracle';

// SCD2 and late-arriving members through the whole platform: validator, local PySpark, PGlite,
// the synthesized state machine. Three small batches, written out by hand:
//  1. customers 1 (Retail, Leeds) and 2 (Corporate); a sale for customer 3, who has not arrived;
//  2. customer 1 moves to Corporate (tracked) with a new email (untracked), customer 2 gets a new
//     email only; sales dated before and after the change; customer 3 still missing;
//  3. customer 3 arrives (Home Office); customer 1 moves city (tracked); a sale for customer 4,
//     who never arrives.
jest.setTimeout(15 * 60_000);

const contract = defaultContract();
const [D1, D2, D3] = ['2026-03-02', '2026-03-03', '2026-03-04'];

const customer = (id: number, name: string, email: string, city: string, state: string, segment: string) => ({
  customer_id: String(id),
  first_name: name,
  last_name: 'Doe',
  email,
  city,
  state,
  segment,
});
const sale = (id: number, date: string, customerId: number, quantity: number) => ({
  sale_id: String(id),
  sale_date: date,
  customer_id: String(customerId),
  product_id: '10',
  location_id: '100',
  quantity: String(quantity),
  unit_price: '10.00',
  discount: '0',
  tax_amount: '0',
});

function csv(dataset: string, rows: readonly SampleRow[]): Buffer {
  const columns = contract.dataset(dataset).columns.map((column) => column.name);
  return Buffer.from(
    [columns, ...rows.map((row) => columns.map((c) => row[c]))].map((r) => r.join(',')).join('\n') + '\n',
  );
}

function batch(date: string, accepted: Record<string, SampleRow[]>): GeneratedBatch {
  return {
    date,
    files: Object.fromEntries(
      Object.entries(accepted).map(([dataset, rows]) => [dataset, csv(dataset, rows)]),
    ),
    eventFiles: {},
    accepted: { customers: [], products: [], locations: [], sales: [], ...accepted },
    rejected: Object.fromEntries(Object.keys(accepted).map((dataset) => [dataset, {}])),
    events: Buffer.alloc(0),
    acceptedEvents: [],
    rejectedEvents: {},
  };
}

const batches = [
  batch(D1, {
    customers: [
      customer(1, 'Ada', 'ada@a.example', 'Leeds', 'WYK', 'Retail'),
      customer(2, 'Bob', 'bob@a.example', 'York', 'NYK', 'Corporate'),
    ],
    products: [
      {
        product_id: '10',
        product_name: 'Lamp',
        category: 'Home',
        subcategory: '',
        brand: '',
        unit_price: '10.00',
      },
    ],
    locations: [
      {
        location_id: '100',
        store_name: 'Leeds 1',
        city: 'Leeds',
        state: 'WYK',
        region: 'North',
        country: 'UK',
      },
    ],
    sales: [sale(1, D1, 1, 1), sale(2, D1, 2, 2), sale(3, D1, 3, 4)],
  }),
  batch(D2, {
    customers: [
      customer(1, 'Ada', 'ada@b.example', 'Leeds', 'WYK', 'Corporate'),
      customer(2, 'Bob', 'bob@b.example', 'York', 'NYK', 'Corporate'),
    ],
    // Sale 5 is dated before customer 1's change, sale 4 on the day of it.
    sales: [sale(4, D2, 1, 8), sale(5, D1, 1, 16), sale(6, D2, 3, 32)],
  }),
  batch(D3, {
    customers: [
      customer(1, 'Ada', 'ada@b.example', 'Hull', 'ERY', 'Corporate'),
      customer(3, 'Cy', 'cy@a.example', 'Bath', 'SOM', 'Home Office'),
    ],
    sales: [sale(7, D3, 3, 64), sale(8, D3, 1, 128), sale(9, D3, 4, 256)],
  }),
];

type CustomerRow = {
  readonly customer_key: string;
  readonly customer_id: string;
  readonly email: string | null;
  readonly city: string | null;
  readonly segment: string | null;
  readonly valid_from: string;
  readonly valid_to: string;
  readonly is_current: boolean;
  readonly is_inferred: boolean;
};

describe('customer history and late customers end to end (local PySpark, PGlite)', () => {
  let work: string;
  let input: string;
  let state: string;

  async function customerRows(): Promise<CustomerRow[]> {
    const warehouse = await PgliteExecutor.create({
      objectRoot: work,
      dataDir: localState(state).warehouseDir,
    });
    try {
      return await warehouse.query<CustomerRow>({
        sql:
          'select customer_key::varchar as customer_key, customer_id::varchar as customer_id, email, city, segment, ' +
          "to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to, " +
          'is_current, is_inferred from presentation.customer_dim where customer_key <> -1 ' +
          'order by customer_id, valid_from',
      });
    } finally {
      await warehouse.close();
    }
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'history-'));
    input = path.join(work, 'input');
    state = path.join(work, 'state');
    await writeBatchFolders(input, batches);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('keeps customer versions, completes the late customer in place, and reports revenue by segment as of each sale', async () => {
    const result = await runLocalPipeline({ input, out: path.join(work, 'out1'), state });
    expect(result.kpis).toEqual(expectedKpis(contract, batches));

    // The same figures, worked out by hand. Revenue is 10.00 x quantity.
    expect(result.kpis.revenue_by_segment).toEqual({
      // Sales 1 and 5: customer 1 was Retail on D1, whenever the sale arrived.
      Retail: 170,
      // Sale 2 (customer 2), sales 4 and 8 (customer 1 from D2 on).
      Corporate: 1380,
      // Sales 3, 6 and 7: customer 3's placeholder completed in place is its first version.
      'Home Office': 1000,
      // Sale 9: customer 4 never arrived.
      '(inferred)': 2560,
    });
    expect(result.kpis.dim_counts).toEqual({ customer: 3, product: 1, location: 1 });
    expect(result.kpis.customers_with_sales).toBe(3);
    expect(result.kpis.tables.customer_dim).toEqual({ rows: 6, members: 4, inferred: 1 });
    expect(result.kpis.tables.sales_fact.on_inferred).toEqual({
      customer_key: 1,
      product_key: 0,
      location_key: 0,
    });

    const rows = await customerRows();
    expect(rows.map(({ customer_key: _key, ...row }) => row)).toEqual([
      // Customer 1: three versions; the email change of D2 went into the version it came with.
      {
        customer_id: '1',
        email: 'ada@a.example',
        city: 'Leeds',
        segment: 'Retail',
        valid_from: '1900-01-01',
        valid_to: D2,
        is_current: false,
        is_inferred: false,
      },
      {
        customer_id: '1',
        email: 'ada@b.example',
        city: 'Leeds',
        segment: 'Corporate',
        valid_from: D2,
        valid_to: D3,
        is_current: false,
        is_inferred: false,
      },
      {
        customer_id: '1',
        email: 'ada@b.example',
        city: 'Hull',
        segment: 'Corporate',
        valid_from: D3,
        valid_to: '9999-12-31',
        is_current: true,
        is_inferred: false,
      },
      // Customer 2: an untracked change updates the one version in place.
      {
        customer_id: '2',
        email: 'bob@b.example',
        city: 'York',
        segment: 'Corporate',
        valid_from: '1900-01-01',
        valid_to: '9999-12-31',
        is_current: true,
        is_inferred: false,
      },
      // Customer 3: the placeholder of D1, completed on D3.
      {
        customer_id: '3',
        email: 'cy@a.example',
        city: 'Bath',
        segment: 'Home Office',
        valid_from: '1900-01-01',
        valid_to: '9999-12-31',
        is_current: true,
        is_inferred: false,
      },
      // Customer 4: still a placeholder, with Unknown attributes, keyed apart from the Unknown member.
      {
        customer_id: '4',
        email: 'Unknown',
        city: 'Unknown',
        segment: 'Unknown',
        valid_from: '1900-01-01',
        valid_to: '9999-12-31',
        is_current: true,
        is_inferred: true,
      },
    ]);
    expect(new Set(rows.map((row) => row.customer_key)).size).toBe(6);
    expect(rows.every((row) => row.customer_key !== '-1')).toBe(true);
    for (const date of [D1, D2, D3]) {
      const quality = JSON.parse(await readFile(path.join(work, 'out1', date, 'quality.json'), 'utf8'));
      expect(quality).toMatchObject({ passed: true });
    }
  });

  test('replaying batch 2 onwards gives the same versions, keys and KPIs', async () => {
    const before = await customerRows();
    const clean = await readFile(path.join(work, 'out1', 'kpis.json'), 'utf8');
    await runLocalPipeline({ input, out: path.join(work, 'out-replay'), state, from: D2 });
    expect(await readFile(path.join(work, 'out-replay', 'kpis.json'), 'utf8')).toBe(clean);
    expect(await customerRows()).toEqual(before);
  });

  test('fails a late batch that was never loaded, before anything is written', async () => {
    const late = path.join(work, 'late');
    await writeBatchFolders(late, [batch('2026-03-01', { sales: [sale(10, '2026-03-01', 1, 1)] })]);
    const before = await customerRows();
    const run = runLocalPipeline({ input: late, out: path.join(work, 'out-late'), state });
    await expect(run).rejects.toThrow(BatchInputError);
    await expect(run).rejects.toThrow(
      'batch 2026-03-01 was never loaded and is older than 2026-03-04, the last batch loaded: dimension history ' +
        'is built in batch order, so a late batch cannot go in behind a later one. Land its files in the next ' +
        'batch instead: facts keep their own dates, so each is keyed to the version valid then',
    );
    expect(await customerRows()).toEqual(before);
  });
});
