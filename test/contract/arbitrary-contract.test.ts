import fc from 'fast-check';
import { contractProblems } from '../../contract';
import { arbitraryContract } from './arbitrary-contract';

describe('arbitraryContract', () => {
  test('yields only contracts that pass contract check', () => {
    fc.assert(
      fc.property(arbitraryContract, (document) => {
        expect(contractProblems(JSON.stringify(document), __dirname).problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('covers several facts, role-playing calendar dates, derived columns, SCD2 dimensions with their keys and every distribution style', () => {
    const samples = fc.sample(arbitraryContract, { numRuns: 300, seed: 13 });
    const tables = samples.flatMap((document) => Object.values(document.star));
    const facts = (document: (typeof samples)[number]) =>
      Object.values(document.star).filter((table) => table.kind === 'fact');

    expect(samples.some((document) => facts(document).length >= 2)).toBe(true);
    expect(
      tables.some(
        (table) =>
          Object.values(table.foreignKeys ?? {}).filter(
            (key) => typeof key === 'object' && key.references === 'calendar_dim',
          ).length === 2,
      ),
    ).toBe(true);
    expect(tables.some((table) => table.columns.some((column) => column.derived !== undefined))).toBe(true);
    expect(
      tables.some((table) =>
        Object.values(table.foreignKeys ?? {}).some(
          (key) => typeof key === 'object' && key.asOf !== undefined,
        ),
      ),
    ).toBe(true);
    expect(new Set(tables.map((table) => table.distStyle))).toEqual(
      new Set([undefined, 'all', 'even', 'auto', 'key']),
    );
  });
});
