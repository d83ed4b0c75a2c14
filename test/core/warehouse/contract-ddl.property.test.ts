/**
 * Any contract that passes contract check yields a warehouse PGlite accepts: its generated DDL
 * creates every table as the contract says, a second migration changes nothing, and the load's
 * MERGE and every quality check run on it. One database, emptied between runs.
 */
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

const migrate = (contract: Contract) =>
  applyMigrations(warehouse, { contract, migrations: readMigrations(), appliedAt: new Date('2024-02-01') });

/** contract types as PostgreSQL's format_type spells them. */
const postgresType = (type: string) =>
  type
    .replace(/^varchar\((\d+)\)$/, 'character varying($1)')
    .replace(/^decimal\((\d+),(\d+)\)$/, 'numeric($1,$2)');

async function columnsOf(table: string) {
  return (
    await warehouse.db.query(
      `select attname as name, format_type(atttypid, atttypmod) as type, not attnotnull as nullable
       from pg_attribute where attrelid = '${table}'::regclass and attnum > 0 and not attisdropped order by attnum`,
    )
  ).rows;
}

test('any valid contract migrates on PGlite, twice without change, and its load and checks run there', async () => {
  await fc.assert(
    fc.asyncProperty(arbitraryContract, async (document) => {
      await warehouse.db.exec(`
        drop schema if exists staging cascade; drop schema if exists presentation cascade;
        drop table if exists public.schema_migrations, public.contract_versions;`);
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
