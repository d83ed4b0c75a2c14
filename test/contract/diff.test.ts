/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit contract JSON documents freely */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  assertEvolvable,
  BreakingContractChangeError,
  ContractSpec,
  defaultContractPath,
  diffContracts,
  formatChange,
  parseContract,
} from '../../contract';

const SALES = defaultContractPath();
const edited = (edit: (document: Record<string, any>) => void): ContractSpec => {
  const document = JSON.parse(readFileSync(SALES, 'utf8'));
  edit(document);
  return parseContract(JSON.stringify(document), { baseDir: dirname(SALES) }).spec;
};
const v1 = edited(() => undefined);
const lines = (after: ContractSpec): string[] => diffContracts(v1, after).map(formatChange);

const returnsDataset = {
  description: 'returns',
  key: 'return_id',
  columns: [
    { name: 'return_id', type: 'int', required: true, storage: 'bigint' },
    { name: 'sale_id', type: 'int', required: true, storage: 'bigint' },
  ],
};

describe('contract diff', () => {
  test('no change, no lines', () => {
    expect(lines(edited(() => undefined))).toEqual([]);
  });

  test.each<[string, (d: Record<string, any>) => void, string[]]>([
    [
      'a new dataset',
      (d) => (d.datasets.returns = returnsDataset),
      ['additive  datasets.returns: dataset added'],
    ],
    [
      'a new optional dataset column',
      (d) =>
        d.datasets.customers.columns.push({
          name: 'tier',
          type: 'string',
          required: false,
          storage: 'varchar(8)',
        }),
      ['additive  datasets.customers.tier: optional column added'],
    ],
    [
      'a new nullable star column',
      (d) => {
        d.datasets.customers.columns.push({
          name: 'tier',
          type: 'string',
          required: false,
          storage: 'varchar(8)',
        });
        d.star.customer_dim.columns.push({ name: 'tier', type: 'varchar(8)', nullable: true });
      },
      [
        'additive  datasets.customers.tier: optional column added',
        'additive  customer_dim.tier: nullable column added (NULL on existing rows until they next change)',
      ],
    ],
    [
      'a widened varchar',
      (d) => {
        d.datasets.customers.columns[4].storage = 'varchar(256)';
        d.star.customer_dim.columns[4].type = 'varchar(256)';
      },
      [
        'additive  datasets.customers.city: storage widened from varchar(128) to varchar(256)',
        'additive  customer_dim.city: widened from varchar(128) to varchar(256)',
      ],
    ],
    [
      'a widened decimal precision',
      (d) => (d.star.sales_fact.columns[8].type = 'decimal(20,2)'),
      ['additive  sales_fact.gross_amount: widened from decimal(18,2) to decimal(20,2)'],
    ],
    [
      'a dropped star column',
      (d) => d.star.customer_dim.columns.splice(3, 1),
      ['breaking  customer_dim.email: column dropped'],
    ],
    [
      'a dropped star table',
      (d) => {
        delete d.star.sales_fact.foreignKeys.location_key;
        d.star.sales_fact.columns.splice(4, 1);
        delete d.star.location_dim;
        d.loadOrder = d.loadOrder.filter((t: string) => t !== 'location_dim');
      },
      ['breaking  location_dim: table dropped', 'breaking  sales_fact.location_key: column dropped'],
    ],
    [
      'a narrowed varchar',
      (d) => {
        d.datasets.customers.columns[6].storage = 'varchar(32)';
        d.star.customer_dim.columns[6].type = 'varchar(32)';
      },
      [
        'breaking  datasets.customers.segment: type changed from string varchar(64) to string varchar(32)',
        'breaking  customer_dim.segment: type changed from varchar(64) to varchar(32) (only varchar length and decimal precision widen in place)',
      ],
    ],
    [
      'a narrowed decimal',
      (d) => (d.star.sales_fact.columns[8].type = 'decimal(16,2)'),
      [
        'breaking  sales_fact.gross_amount: type changed from decimal(18,2) to decimal(16,2) (only varchar length and decimal precision widen in place)',
      ],
    ],
    [
      'a changed key',
      (d) => {
        d.star.product_dim.surrogateKey = 'product_sk';
        d.star.product_dim.columns[0].name = 'product_sk';
      },
      [
        'breaking  product_dim: surrogateKey changed from product_key to product_sk',
        'breaking  product_dim.product_key: column dropped',
        'breaking  product_dim.product_sk: not-null column added (existing rows have no value for it)',
      ],
    ],
    [
      'a nullable column made not-null',
      (d) => {
        d.datasets.customers.columns[6].required = true;
        d.star.customer_dim.columns[6].nullable = false;
      },
      [
        'breaking  datasets.customers.segment: optional column made required',
        'breaking  customer_dim.segment: nullable column made not-null',
      ],
    ],
  ])('%s', (_, edit, expected) => {
    expect(lines(edited(edit))).toEqual(expected);
  });

  test('a new dimension and a foreign key to it are additive, the key backfilled with Unknown', () => {
    const after = edited((d) => {
      d.datasets.channels = {
        description: 'sales channels',
        key: 'channel_id',
        columns: [
          { name: 'channel_id', type: 'int', required: true, storage: 'bigint' },
          { name: 'channel_name', type: 'string', required: true, storage: 'varchar(32)' },
        ],
      };
      d.datasets.sales.columns.push({ name: 'channel_id', type: 'int', required: false, storage: 'bigint' });
      d.star.channel_dim = {
        kind: 'dimension',
        source: 'channels',
        surrogateKey: 'channel_key',
        naturalKey: 'channel_id',
        columns: [
          { name: 'channel_key', type: 'bigint', nullable: false },
          { name: 'channel_id', type: 'bigint', nullable: false },
          { name: 'channel_name', type: 'varchar(32)', nullable: false },
        ],
      };
      d.star.sales_fact.foreignKeys.channel_key = 'channel_dim';
      d.star.sales_fact.columns.push({ name: 'channel_key', type: 'bigint', nullable: false });
      d.loadOrder = ['customer_dim', 'product_dim', 'location_dim', 'date_dim', 'channel_dim', 'sales_fact'];
    });
    expect(lines(after)).toEqual([
      'additive  datasets.sales.channel_id: optional column added',
      'additive  datasets.channels: dataset added',
      'additive  sales_fact.channel_key: foreign key to channel_dim added (existing rows get the Unknown member)',
      'additive  channel_dim: dimension table added',
    ]);
    expect(() => assertEvolvable(v1, after)).not.toThrow();
  });

  test('refuses a breaking change with one line per change, unless a migration resolves it', () => {
    const dropEmail = (d: Record<string, any>) => {
      d.version = '2.0.0';
      d.star.customer_dim.columns.splice(3, 1);
      d.star.customer_dim.columns.splice(5, 1);
      d.star.customer_dim.tracked = ['city', 'state'];
    };
    expect(() => assertEvolvable(v1, edited(dropEmail))).toThrow(BreakingContractChangeError);
    expect(() => assertEvolvable(v1, edited(dropEmail))).toThrow(
      'contract 2.0.0 has breaking changes from 1.1.0; write a migration that resolves each, or revert it:\n' +
        '  breaking  customer_dim.email: column dropped\n' +
        '  breaking  customer_dim.segment: column dropped',
    );
    const resolved = edited((d) => {
      dropEmail(d);
      d.migrations = [
        {
          name: 'drop_customer_contact',
          sql: 'alter table presentation.customer_dim drop column email',
          resolves: ['customer_dim.email', 'customer_dim.segment'],
        },
      ];
    });
    expect(assertEvolvable(v1, resolved).map((change) => change.kind)).toEqual([
      'breaking',
      'breaking',
      'additive',
    ]);
  });

  describe('history', () => {
    const scd1 = edited((d) => {
      delete d.star.customer_dim.history;
      delete d.star.customer_dim.tracked;
    });

    test('turning scd2 on is additive: the validity columns come with the values existing rows get, the fact key picks versions from the next batch', () => {
      expect(diffContracts(scd1, v1).map(formatChange)).toEqual([
        "additive  customer_dim: history scd1 -> scd2 (today's rows become the first versions)",
        'additive  customer_dim.valid_from: platform column added (existing rows get 1900-01-01)',
        'additive  customer_dim.valid_to: platform column added (existing rows get 9999-12-31)',
        'additive  customer_dim.is_current: platform column added (existing rows get true)',
        'additive  sales_fact.customer_key: version picked as of sale_date (was none) from the next batch; loaded rows keep their key',
      ]);
      expect(() => assertEvolvable(scd1, v1)).not.toThrow();
    });

    test('fails to turn scd2 off: versions would fold into one row', () => {
      expect(() => assertEvolvable(v1, scd1)).toThrow(
        /breaking {2}customer_dim: history scd2 -> scd1 \(versions would fold into one row per member\)/,
      );
    });

    test('tracking other columns is additive', () => {
      expect(lines(edited((d) => (d.star.customer_dim.tracked = ['segment'])))).toEqual([
        'additive  customer_dim: tracked columns changed from segment, city, state to segment (from the next batch)',
      ]);
    });

    test('a warehouse recorded before platform columns existed gets is_inferred, false on its rows', () => {
      const strip = ({ history: _history, tracked: _tracked, ...rest }: ContractSpec['star'][string]) => {
        const platform = ['valid_from', 'valid_to', 'is_current', 'is_inferred'];
        return { ...rest, columns: rest.columns.filter((column) => !platform.includes(column.name)) };
      };
      const recorded: ContractSpec = {
        ...scd1,
        star: Object.fromEntries(Object.entries(scd1.star).map(([name, table]) => [name, strip(table)])),
      };
      expect(diffContracts(recorded, scd1).map(formatChange)).toEqual([
        'additive  customer_dim.is_inferred: platform column added (existing rows get false)',
        'additive  product_dim.is_inferred: platform column added (existing rows get false)',
        'additive  location_dim.is_inferred: platform column added (existing rows get false)',
      ]);
    });
  });
});
