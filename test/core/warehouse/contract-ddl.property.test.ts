/**
 * Any contract that passes contract check yields a warehouse PGlite accepts: its generated DDL
 * creates every table as the contract says, a second migration changes nothing, and the load's
 * MERGE and every quality check run on it; and the Spark schemas the star-schema job writes
 * (local PySpark's types) match those tables column for column, as COPY from Parquet needs.
 * One database, emptied between runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Contract, parseContract } from '../../../contract';
import { readMigrations } from '../../../contract/sql-files';
import { buildLoadPlan } from '../../../core/warehouse/load-plan';
import { applyMigrations } from '../../../core/warehouse/migrations';
import { runQualityChecks } from '../../../core/warehouse/quality-checks';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';
import { arbitraryContract } from '../../contract/arbitrary-contract';
import { dumpWarehouse } from './warehouse-dump';

let warehouse: PgliteExecutor;
beforeAll(async () => {
  warehouse = await PgliteExecutor.create({ objectRoot: '/nonexistent' });
});
afterAll(async () => {
  await warehouse.close();
});

const REPO = join(__dirname, '..', '..', '..');

/** Empties the database: no star schema, no migration records. */
const reset = () =>
  warehouse.db.exec(`
    drop schema if exists staging cascade; drop schema if exists presentation cascade;
    drop table if exists public.schema_migrations, public.contract_versions;`);

const migrate = (contract: Contract) =>
  applyMigrations(warehouse, { contract, migrations: readMigrations(), appliedAt: new Date('2024-02-01') });

/** contract types as PostgreSQL's format_type spells them. */
const postgresType = (type: string) =>
  type
    .replace(/^varchar\((\d+)\)$/, 'character varying($1)')
    .replace(/^decimal\((\d+),(\d+)\)$/, 'numeric($1,$2)');

async function columnsOf(table: string) {
  return (
    await warehouse.db.query<{ name: string; type: string; nullable: boolean }>(
      `select attname as name, format_type(atttypid, atttypmod) as type, not attnotnull as nullable
       from pg_attribute where attrelid = '${table}'::regclass and attnum > 0 and not attisdropped order by attnum`,
    )
  ).rows;
}

test('any valid contract migrates on PGlite, twice without change, and its load and checks run there', async () => {
  await fc.assert(
    fc.asyncProperty(arbitraryContract, async (document) => {
      await reset();
      const contract = parseContract(JSON.stringify(document));

      await migrate(contract);

      for (const table of contract.tableNames) {
        const expected = contract.table(table).columns.map((column) => ({
          name: column.name,
          type: postgresType(column.type),
          nullable: column.nullable,
        }));
        expect(await columnsOf(`presentation.${table}`)).toEqual(expected);
        expect(await columnsOf(`staging.${table}`)).toEqual(expected);
      }
      const migrated = await dumpWarehouse(warehouse.db);
      expect(await migrate(contract)).toEqual([]);
      expect(await dumpWarehouse(warehouse.db)).toEqual(migrated);

      for (const table of contract.tableNames) {
        const [, , merge] = buildLoadPlan(contract, {
          table,
          batchDate: '2024-01-31',
          curatedBucket: 'curated',
          loadedAt: new Date(),
        }).load;
        await warehouse.runTransaction([merge]);
      }
      const rowCounts = Object.fromEntries(contract.tableNames.map((table) => [table, 0]));
      const report = await runQualityChecks(warehouse, contract, { batchDate: '2024-01-31', rowCounts });
      // Nothing was loaded, so only the manifest reconciliation has something to report.
      expect(report.checks.filter((check) => check.failedRows > 0).map((check) => check.name)).toEqual(
        contract.tableNames.map((table) => `${table}.staged_rows_match_manifest`),
      );
    }),
    { numRuns: 20 },
  );
});

/** A PostgreSQL column type as Spark's simpleString spells the type the job writes into it. */
const sparkType = (type: string) =>
  type
    .replace(/^integer$/, 'int')
    .replace(/^character varying\(\d+\)$/, 'string')
    .replace(/^numeric\((\d+),(\d+)\)$/, 'decimal($1,$2)');

test("any valid contract's Spark schemas (local PySpark) match its tables on PGlite column for column", async () => {
  const contracts = fc
    .sample(arbitraryContract, 15)
    .map((document) => parseContract(JSON.stringify(document)));
  const dir = mkdtempSync(join(tmpdir(), 'spark-schemas-'));
  try {
    const files = contracts.map((contract, i) => {
      const file = join(dir, `contract-${i}.json`);
      writeFileSync(file, JSON.stringify(contract));
      return file;
    });
    // One Python start for every contract: `python -m star_schema.schemas` prints a line each.
    const printed = spawnSync(join(REPO, '.venv', 'bin', 'python'), ['-m', 'star_schema.schemas', ...files], {
      cwd: join(REPO, 'glue-scripts'),
      encoding: 'utf8',
    });
    expect(printed.stderr).toBe('');
    const schemas = printed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(schemas).toHaveLength(contracts.length);

    for (const [i, contract] of contracts.entries()) {
      await reset();
      await migrate(contract);
      expect(Object.keys(schemas[i]).sort()).toEqual([...contract.tableNames].sort());
      for (const table of contract.tableNames) {
        const columns = (await columnsOf(`presentation.${table}`)).map((column) => ({
          name: column.name,
          type: sparkType(column.type),
          nullable: column.nullable,
        }));
        expect(schemas[i][table]).toEqual(columns);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
