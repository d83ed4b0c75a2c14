import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadContract } from '../../contract';
import { generateContractBatches, SampleRow, writeBatchFolders } from '../../local/sample-data';
import { runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { expectedTables, numberOrZero, trimmed } from './table-oracle';

// The second example end to end: nothing in the code knows shipments. Local PySpark, PGlite
// and the synthesized state machine on the local interpreter, as for the sales example.
jest.setTimeout(15 * 60_000);

const CONTRACT_FILE = path.join(__dirname, '..', '..', 'examples', 'shipments', 'contract.json');

describe('the shipments example through pipeline:local (local PySpark, PGlite, local Step Functions interpreter)', () => {
  const contract = loadContract(CONTRACT_FILE);
  const batches = generateContractBatches(contract, { days: 2, rowsPerDay: 300, seed: 5 });
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'shipments-e2e-'));
    await writeBatchFolders(path.join(work, 'input'), batches);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('computes every table figure and every KPI of the contract as an independent calculation gives them', async () => {
    const out = path.join(work, 'out');
    const result = await runLocalPipeline({
      contract,
      input: path.join(work, 'input'),
      out,
      state: path.join(work, 'state'),
    });

    // total_cost is the contract's derived column: freight plus the surcharge (0 when empty).
    const totalCost = (row: SampleRow) =>
      numberOrZero(trimmed(row.freight_cost)) + numberOrZero(trimmed(row.fuel_surcharge) || '0');
    const oracle = expectedTables(contract, batches, { 'shipment_fact.total_cost': totalCost });

    const carriers = oracle.rows.get('carriers')!;
    const warehouses = oracle.rows.get('warehouses')!;
    const shipments = [...oracle.rows.get('shipments')!.values()];
    const byLabel = (label: (row: SampleRow) => string, value: (row: SampleRow) => number) => {
      const totals: Record<string, number> = {};
      for (const row of shipments)
        totals[label(row)] = (totals[label(row)] ?? 0) + Math.round(value(row) * 100);
      return Object.fromEntries(Object.entries(totals).map(([key, total]) => [key, total / 100]));
    };
    const member = (rows: ReadonlyMap<string, SampleRow>, id: string, column: string) =>
      trimmed(rows.get(trimmed(id))?.[column]) || 'Unknown';
    const { tables, rejected_by_dataset: rejectedByDataset, ...kpis } = result.kpis;
    expect(tables).toEqual(oracle.tables);
    expect(rejectedByDataset).toEqual(oracle.rejected_by_dataset);
    expect(kpis).toEqual({
      shipment_count: shipments.length,
      total_cost: oracle.tables.shipment_fact.sums!.total_cost,
      undelivered_shipments: shipments.filter((row) => trimmed(row.delivery_date) === '').length,
      parcels_by_mode: byLabel(
        (row) => member(carriers, row.carrier_id, 'mode'),
        (row) => Number(trimmed(row.parcels)),
      ),
      cost_by_region: byLabel((row) => member(warehouses, row.origin_warehouse_id, 'region'), totalCost),
    });
    expect(Object.keys(kpis.parcels_by_mode as object)).toContain('Unknown');
    expect(JSON.parse(await readFile(path.join(out, 'kpis.json'), 'utf8'))).toEqual(result.kpis);
    expect(Object.keys(tables)).toEqual(['carrier_dim', 'warehouse_dim', 'shipment_fact']);
  });
});
