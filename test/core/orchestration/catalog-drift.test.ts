import { defaultContract } from '../../../contract';
import { CatalogTable, checkCatalog, SchemaDriftError } from '../../../core/orchestration/catalog-drift';

const contract = defaultContract();

/** What the CSV crawler typically infers for a dataset (stand-in for Glue GetTables). */
function crawled(
  dataset: string,
  change: (columns: { name: string; type: string }[]) => void = () => {},
): CatalogTable {
  const columns = contract.dataset(dataset).columns.map((column) => ({
    name: column.name,
    type: { int: 'bigint', dec: 'double', date: 'string', email: 'string', string: 'string' }[column.type],
  }));
  change(columns);
  return { name: dataset, columns };
}

describe('checkCatalog', () => {
  test('passes crawled tables whose types fit the contract, and lists extra columns', () => {
    const sales = crawled('sales', (columns) => {
      columns.find((c) => c.name === 'discount')!.type = 'bigint';
      columns.find((c) => c.name === 'unit_price')!.type = 'decimal(12,2)';
      columns.push({ name: 'channel', type: 'string' });
    });
    expect(
      checkCatalog(contract, 'lake_validated', [sales, crawled('customers')], ['sales', 'customers']),
    ).toEqual({
      database: 'lake_validated',
      tablesChecked: ['sales', 'customers'],
      extraColumns: { sales: ['channel'] },
    });
  });

  test('ignores tables of datasets without files in the batch', () => {
    expect(() => checkCatalog(contract, 'db', [crawled('sales')], ['sales'])).not.toThrow();
  });

  test('fails naming the table, the column, the expected and the found type', () => {
    const sales = crawled('sales', (columns) => {
      columns.find((c) => c.name === 'quantity')!.type = 'string';
    });
    expect(() => checkCatalog(contract, 'db', [sales], ['sales'])).toThrow(
      'schema drift in Glue database "db": table "sales" column "quantity": expected an integer type (bigint, int) (contract int, storage integer), found string',
    );
  });

  test('fails on a missing column and on a missing table, listing both', () => {
    const customers = crawled('customers', (columns) =>
      columns.splice(
        columns.findIndex((c) => c.name === 'email'),
        1,
      ),
    );
    let error: unknown;
    try {
      checkCatalog(contract, 'db', [customers], ['customers', 'products']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchemaDriftError);
    expect((error as Error).name).toBe('SchemaDriftError');
    expect((error as Error).message).toMatch(
      /table "customers" column "email": expected string, found no such column/,
    );
    expect((error as Error).message).toMatch(
      /table "products" is missing \(expected it for the products files of this batch\)/,
    );
  });

  test('fails when headers were not detected (col0, col1, ...)', () => {
    const headerless: CatalogTable = { name: 'locations', columns: [{ name: 'col0', type: 'bigint' }] };
    expect(() => checkCatalog(contract, 'db', [headerless], ['locations'])).toThrow(
      /table "locations" column "location_id": .*found no such column/,
    );
  });
});
