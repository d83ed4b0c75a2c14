import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import { ParquetCsvConverter, parquetFiles } from '../../../adapters/local/parquet-csv';

const GOLD = join(__dirname, '..', '..', 'core', 'warehouse', 'fixtures', 'objects', 'curated', 'gold');

describe('ParquetCsvConverter (DuckDB)', () => {
  let work: string;
  const converter = new ParquetCsvConverter();
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'parquet-csv-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });
  afterAll(async () => {
    await converter.close();
  });

  const csvOf = async (files: readonly string[]) => {
    const csv = await converter.convert(files, join(work, 'csv'));
    const text = (await Promise.all(csv.files.map((file) => readFile(file, 'utf8')))).join('');
    return { columns: csv.columns, lines: text.trimEnd().split('\n').sort() };
  };

  test('writes a Spark-written partition in file column order, without the folder name as a column, decimals exact', async () => {
    const { columns, lines } = await csvOf(
      await parquetFiles(join(GOLD, 'sales_fact', 'batch_date=2024-01-30')),
    );

    expect(columns).toEqual([
      'sale_key',
      'sale_id',
      'customer_key',
      'product_key',
      'location_key',
      'date_key',
      'quantity',
      'unit_price',
      'gross_amount',
      'discount',
      'tax_amount',
      'net_amount',
      'batch_date',
    ]);
    expect(lines[0]).toBe('9001,1,1001,2001,3001,20240130,2,2.50,5.00,0.50,0.40,4.50,2024-01-30');
  });

  test('quotes every text value and leaves NULL an unquoted empty field, as PostgreSQL CSV tells them apart', async () => {
    const { lines } = await csvOf(await parquetFiles(join(GOLD, 'customer_dim', 'batch_date=2024-01-30')));

    // Dates and flags (customer_dim's SCD2 columns) are not text: unquoted.
    expect(lines).toEqual([
      '-1,-1,"Unknown",,,,,1900-01-01,9999-12-31,true,false',
      '1001,1,"Ada Lovelace","ada@example.com","London","LDN","consumer",1900-01-01,9999-12-31,true,false',
      '1002,2,"Alan Turing",,"Manchester",,"business",1900-01-01,9999-12-31,true,false',
    ]);
  });

  test('round-trips awkward text through PostgreSQL COPY (PGlite): quotes, commas, newlines, empty strings, NULL', async () => {
    const file = join(work, 'awkward.parquet');
    const duckdb = await DuckDBInstance.create(':memory:');
    const connection = await duckdb.connect();
    await connection.run(
      `copy (select * from (values (1, 'a "quoted", comma', ''), (2, E'two\\nlines', null), (3, '\\.', 'é'))
         as t(id, note, other)) to '${file}' (format parquet)`,
    );
    connection.closeSync();
    duckdb.closeSync();
    const csv = await converter.convert([file], join(work, 'csv'));
    const db = await PGlite.create();
    try {
      await db.exec('create table t (id integer, note text, other text)');
      for (const part of csv.files)
        await db.query("copy t from '/dev/blob' with (format csv)", [], {
          blob: new Blob([await readFile(part)]),
        });

      expect((await db.query('select * from t order by id')).rows).toEqual([
        { id: 1, note: 'a "quoted", comma', other: '' },
        { id: 2, note: 'two\nlines', other: null },
        { id: 3, note: '\\.', other: 'é' },
      ]);
    } finally {
      await db.close();
    }
  });

  test('lists only the Parquet files of a folder, in name order', async () => {
    expect(
      (await parquetFiles(join(GOLD, 'sales_fact', 'batch_date=2024-01-30'))).map((f) => f.slice(-8)),
    ).toEqual(['.parquet']);
    expect(await parquetFiles(join(work, 'missing'))).toEqual([]);
  });
});
