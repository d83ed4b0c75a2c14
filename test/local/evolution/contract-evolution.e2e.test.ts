import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BreakingContractChangeError, loadContract } from '../../../contract';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';
import { localState } from '../../../local/pipeline/local-state';
import { runLocalPipeline } from '../../../local/pipeline/run-local-pipeline';
import { cli } from '../../helpers/cli';
import { dumpWarehouse } from '../../core/warehouse/warehouse-dump';

// One warehouse and lake through three contract versions: v1, then v2 (a new dataset and
// dimension, a new foreign key on the fact, a new nullable column) into the same state, then a
// breaking v3 that must be refused before it writes anything. Local PySpark and PGlite.
jest.setTimeout(15 * 60_000);

const contract = (version: string) => loadContract(path.join(__dirname, `contract-${version}.json`));

/** Batch 1 (v1): three customers and a bad one; orders with an orphan customer and two rejects. */
const BATCH_1 = {
  'customers.csv': ['customer_id,customer_name', '1,Ada', '2,Grace', '3,Linus', 'x,Bad'],
  'orders.csv': [
    'order_id,customer_id,order_date,quantity,amount',
    '100,1,2026-02-27,2,20.50',
    '101,2,2026-02-28,1,5.25',
    '102,9,2026-02-28,3,7.00',
    '103,1,2026-02-30,1,1.00',
    '104,2,2026-03-01,0,2.00',
  ],
};

/** Batch 2 (v2): a customer updated with a segment and a new one, two stores, orders with stores. */
const BATCH_2 = {
  'customers.csv': ['customer_id,customer_name,segment', '2,Grace H,Enterprise', '4,Ken,SMB'],
  'stores.csv': ['store_id,store_name,region', '10,Leeds,North', '11,Bath,South'],
  'orders.csv': [
    'order_id,customer_id,order_date,quantity,amount,store_id',
    '105,4,2026-03-02,5,50.00,10',
    '106,3,2026-03-02,1,9.99,11',
    '107,2,2026-03-01,2,4.00,',
    '108,1,2026-03-02,1,3.00,77',
    '101,2,2026-02-28,4,21.00,10',
  ],
};

async function writeBatch(dir: string, files: Record<string, string[]>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, lines] of Object.entries(files))
    await writeFile(path.join(dir, name), `${lines.join('\n')}\n`);
}

/** Everything the state holds: the warehouse (dumpWarehouse), and every lake object's bytes. */
async function snapshot(stateDir: string) {
  const state = localState(stateDir);
  const warehouse = await PgliteExecutor.create({ objectRoot: state.lakeRoot, dataDir: state.warehouseDir });
  let tables: Record<string, unknown>;
  try {
    tables = await dumpWarehouse(warehouse.db);
  } finally {
    await warehouse.close();
  }
  const lake: Record<string, string> = {};
  for (const file of await readdir(state.lakeRoot, { recursive: true, withFileTypes: true }))
    if (file.isFile()) {
      const full = path.join(file.parentPath, file.name);
      lake[path.relative(state.lakeRoot, full)] = createHash('sha256')
        .update(await readFile(full))
        .digest('hex');
    }
  return { tables, lake };
}

describe('a contract evolving under one local state (local PySpark, PGlite, local Step Functions interpreter)', () => {
  let work: string;
  const state = () => path.join(work, 'state');

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'evolution-'));
    await writeBatch(path.join(work, 'v1', '2026-03-01'), BATCH_1);
    await writeBatch(path.join(work, 'v2', '2026-03-02'), BATCH_2);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('batch 1 under v1, then batch 2 under v2 (new dataset, dimension, foreign key, nullable column): every KPI as computed by hand', async () => {
    const first = await runLocalPipeline({
      contract: contract('v1'),
      input: path.join(work, 'v1'),
      out: path.join(work, 'out-v1'),
      state: state(),
    });
    expect(first.kpis).toEqual({
      // Orders 100 and 101 by Ada and Grace; order 102's customer 9 was never sent: it is keyed
      // to an inferred placeholder, whose name is the Unknown text.
      revenue_by_customer: { Ada: 20.5, Grace: 5.25, Unknown: 7 },
      rejected_by_dataset: { customers: { INVALID_TYPE: 1 }, orders: { INVALID_TYPE: 1, OUT_OF_RANGE: 1 } },
      tables: {
        // Ada, Grace, Linus and the placeholder for customer 9.
        customer_dim: { rows: 4, members: 4, inferred: 1 },
        order_fact: { rows: 3, sums: { quantity: 6, amount: 32.75 }, on_inferred: { customer_key: 1 } },
      },
    });

    const second = await runLocalPipeline({
      contract: contract('v2'),
      input: path.join(work, 'v2'),
      out: path.join(work, 'out-v2'),
      state: state(),
    });
    expect(second.kpis).toEqual({
      // North: 105 and the corrected 101 (store 10). South: 106. Unknown: 100 and 102 (loaded
      // before stores existed: backfilled), 107 (no store) and 108 (store 77 never sent: its
      // placeholder's region is the Unknown text).
      revenue_by_region: { North: 71, South: 9.99, Unknown: 34.5 },
      // Enterprise: Grace, re-sent with a segment (101 and 107). SMB: Ken (105). none: Ada and
      // Linus, loaded under v1 and not sent since (100, 106, 108). inferred: 102, on the
      // placeholder for customer 9, made under v1 (its segment, new in v2, is null).
      revenue_by_segment: { Enterprise: 25, SMB: 50, none: 33.49, inferred: 7 },
      rejected_by_dataset: {
        customers: { INVALID_TYPE: 1 },
        orders: { INVALID_TYPE: 1, OUT_OF_RANGE: 1 },
        stores: {},
      },
      tables: {
        // Ada, Grace, Linus, Ken and customer 9's placeholder; stores 10, 20 and 77's placeholder.
        customer_dim: { rows: 5, members: 5, inferred: 1 },
        store_dim: { rows: 3, members: 3, inferred: 1 },
        // Orders 100, 101 (corrected: 4 for 21.00), 102, 105, 106, 107, 108; 102 and 108 on placeholders.
        order_fact: {
          rows: 7,
          sums: { quantity: 18, amount: 115.49 },
          on_inferred: { customer_key: 1, store_key: 1 },
        },
      },
    });
  });

  test('v3 (a narrowed amount, a dropped column) fails naming each breaking change (cli pipeline:local: exit 1), and leaves the state as it was', async () => {
    const before = await snapshot(state());
    const run = runLocalPipeline({
      contract: contract('v3'),
      input: path.join(work, 'v2'),
      out: path.join(work, 'out-v3'),
      state: state(),
    });
    const error = await run.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(BreakingContractChangeError);
    expect((error as Error).message.split('\n')).toEqual([
      'contract 2.0.0 has breaking changes from 1.1.0; write a migration that resolves each, or revert it:',
      '  breaking  datasets.orders.amount: type changed from dec decimal(12,2) to dec decimal(8,2)',
      '  breaking  customer_dim.customer_name: column dropped',
      '  breaking  order_fact.amount: type changed from decimal(12,2) to decimal(8,2) (only varchar length and decimal precision widen in place)',
    ]);
    expect(await snapshot(state())).toEqual(before);

    const command = await cli(
      'pipeline:local',
      ...['--contract', path.join(__dirname, 'contract-v3.json'), '--input', path.join(work, 'v2')],
      ...['--out', path.join(work, 'out-v3'), '--state', state()],
    );
    expect(command).toEqual({ code: 1, out: [], err: [(error as Error).message] });
    expect(await snapshot(state())).toEqual(before);
  });
});
