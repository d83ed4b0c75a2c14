import fc from 'fast-check';
import { Contract, parseContract } from '../../../contract';
import { generateContractBatches } from '../../../local/sample-data';
import { arbitraryDatasetContract } from '../../helpers/arbitrary-datasets';
import { TEST_CONTRACTS, testContract } from '../../helpers/contracts';
import { validateGeneratedBatch, validateGeneratedEvents } from '../../helpers/generated-batches';

describe('generateContractBatches (validated by the batch and stream validators)', () => {
  test('every valid row passes, every broken row gets its intended reason, and rows in = accepted + rejected, for any seed and size', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEST_CONTRACTS),
        fc.nat(),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 4 }),
        (name, seed, rowsPerDay, members, eventsPerDay) => {
          const contract = testContract(name);
          const batches = generateContractBatches(contract, {
            days: 2,
            rowsPerDay,
            members,
            eventsPerDay,
            seed,
          });
          for (const batch of batches) {
            for (const outcome of validateGeneratedBatch(contract, batch)) {
              expect(outcome.status).toBe('PASSED');
              expect(outcome.rowsIn).toBe(outcome.rowsAccepted + outcome.rowsRejected);
              expect(outcome.accepted.written).toBe(outcome.accepted.intended);
              expect(outcome.rejected.given).toEqual(outcome.rejected.intended);
            }
            for (const events of validateGeneratedEvents(contract, batch)) {
              expect(events.accepted.given).toEqual(events.accepted.intended);
              expect(events.rejected.given).toEqual(events.rejected.intended);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('does the same for arbitrary contracts', () => {
    fc.assert(
      fc.property(
        arbitraryDatasetContract,
        fc.nat(),
        fc.integer({ min: 1, max: 300 }),
        (contract, seed, rowsPerDay) => {
          for (const batch of generateContractBatches(contract, { days: 2, rowsPerDay, seed })) {
            for (const outcome of validateGeneratedBatch(contract, batch)) {
              expect(outcome.status).toBe('PASSED');
              expect(outcome.rowsIn).toBe(outcome.rowsAccepted + outcome.rowsRejected);
              expect(outcome.accepted.written).toBe(outcome.accepted.intended);
              expect(outcome.rejected.given).toEqual(outcome.rejected.intended);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test.each(TEST_CONTRACTS)(
    'breaks rows of %s for each reason that applies, within the reject threshold',
    (name) => {
      const contract = testContract(name);
      const [batch] = generateContractBatches(contract, {
        days: 1,
        rowsPerDay: 900,
        members: 900,
        seed: 5,
      });
      for (const dataset of contract.datasetNames) {
        const spec = contract.dataset(dataset);
        const reasons = new Set(batch.rejected[dataset].map((reject) => reject.reason));
        const expected = ['MALFORMED_ROW', 'ENCODING', 'MISSING_VALUE', 'OUT_OF_RANGE', 'DUPLICATE_KEY'];
        if (spec.columns.some((column) => column.type !== 'string')) expected.push('INVALID_TYPE');
        if (spec.rules.length > 0) expected.push('RULE_VIOLATION');
        expect([...reasons].sort()).toEqual(expected.sort());
        const rows = batch.accepted[dataset].length + batch.rejected[dataset].length;
        expect(batch.rejected[dataset].length / rows).toBeLessThanOrEqual(spec.rejectThreshold / 2);
      }
    },
  );

  test('is deterministic for a seed and changes with the seed', () => {
    const contract = testContract('shipments');
    const generate = (seed: number) =>
      generateContractBatches(contract, { days: 2, rowsPerDay: 100, eventsPerDay: 3, seed }).map((batch) => [
        batch.files,
        batch.eventFiles,
      ]);
    expect(generate(3)).toEqual(generate(3));
    expect(generate(4)).not.toEqual(generate(3));
  });

  test('refers facts to the members of their dimensions, and a few to members that do not exist', () => {
    const contract = testContract('shipments');
    const batches = generateContractBatches(contract, { days: 2, rowsPerDay: 400, seed: 9 });
    const carriers = new Set<string>();
    const warehouses = new Set<string>();
    const [total, unknownCarriers, unknownWarehouses] = [0, 0, 0].map(() => ({ n: 0 }));
    for (const batch of batches) {
      for (const row of batch.accepted.carriers) carriers.add(row.carrier_id);
      for (const row of batch.accepted.warehouses) warehouses.add(row.warehouse_code);
      for (const row of batch.accepted.shipments) {
        total.n++;
        if (!carriers.has(row.carrier_id)) unknownCarriers.n++;
        if (!warehouses.has(row.warehouse_code)) unknownWarehouses.n++;
      }
    }
    for (const unknown of [unknownCarriers.n, unknownWarehouses.n]) {
      expect(unknown).toBeGreaterThan(0);
      expect(unknown / total.n).toBeLessThan(0.05);
    }
  });

  test('brings members first, then SCD1 updates and new members, and fresh facts every batch', () => {
    const contract = testContract('shipments');
    const [first, second] = generateContractBatches(contract, {
      days: 2,
      rowsPerDay: 200,
      members: 100,
      seed: 2,
    });
    const firstIds = new Set(first.accepted.carriers.map((row) => row.carrier_id));
    expect(firstIds.size).toBe(100);
    const again = second.accepted.carriers.filter((row) => firstIds.has(row.carrier_id));
    expect(again.length).toBeGreaterThan(0);
    expect(again.length).toBeLessThan(second.accepted.carriers.length);
    const firstShipments = new Set(first.accepted.shipments.map((row) => row.shipment_id));
    expect(second.accepted.shipments.some((row) => firstShipments.has(row.shipment_id))).toBe(false);
  });

  test('gives the facts dates over a range before the batch date, and non-negative derived amounts', () => {
    const contract = testContract('shipments');
    const [batch] = generateContractBatches(contract, { days: 1, rowsPerDay: 500, seed: 8 });
    const dates = new Set(batch.accepted.shipments.map((row) => row.ship_date));
    expect(dates.size).toBeGreaterThan(20);
    for (const date of dates) expect(date <= batch.date).toBe(true);
    for (const row of batch.accepted.shipments)
      expect(Number(row.cost) - Number(row.rebate)).toBeGreaterThanOrEqual(0);
  });

  test('fails naming the dataset and the rule when no row can keep the rules', () => {
    const minimal = testContract('minimal').spec;
    const document = {
      ...minimal,
      datasets: {
        items: {
          ...minimal.datasets.items,
          rules: [
            {
              name: 'never',
              code: 'RULE_VIOLATION',
              check: { lte: ['amount', -1000000] },
              message: 'amount is never that low',
            },
          ],
        },
      },
    };
    const contract: Contract = parseContract(JSON.stringify(document));
    expect(() => generateContractBatches(contract, { days: 1, rowsPerDay: 10, seed: 1 })).toThrow(
      /cannot generate a valid row of items in 1000 tries \(the last one: breaks rule never\): loosen its bounds or rules/,
    );
  });

  test('fails naming the column when no value of a required column lies within its bounds and storage', () => {
    const minimal = testContract('minimal').spec;
    const items = minimal.datasets.items;
    const columns = items.columns.map((column) =>
      column.name === 'amount' ? { ...column, min: 1000000 } : column,
    );
    const contract = parseContract(
      JSON.stringify({ ...minimal, datasets: { items: { ...items, columns } } }),
    );
    expect(() => generateContractBatches(contract, { days: 1, rowsPerDay: 10, seed: 1 })).toThrow(
      'items.amount is required, but no value lies within its bounds and storage type',
    );
  });
});
