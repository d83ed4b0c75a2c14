import { BatchFolder, BatchInputError, batchesInRange } from '../../../local/pipeline/batch-folders';

const batch = (date: string): BatchFolder => ({ date, folder: `/in/${date}`, files: [], eventFiles: [] });
const batches = ['2026-01-01', '2026-01-02', '2026-01-03'].map(batch);
const dates = (selected: readonly BatchFolder[]) => selected.map((b) => b.date);

describe('batchesInRange (pipeline:local --from/--to)', () => {
  test('keeps the batches of the range, both ends included, either end open', () => {
    expect(dates(batchesInRange(batches, { from: '2026-01-02' }))).toEqual(['2026-01-02', '2026-01-03']);
    expect(dates(batchesInRange(batches, { to: '2026-01-02' }))).toEqual(['2026-01-01', '2026-01-02']);
    expect(dates(batchesInRange(batches, { from: '2026-01-02', to: '2026-01-02' }))).toEqual(['2026-01-02']);
    expect(dates(batchesInRange(batches, {}))).toEqual(dates(batches));
  });

  test('fails a date that is not YYYY-MM-DD, a reversed range, or a range with no batch', () => {
    expect(() => batchesInRange(batches, { from: '2026-1-2' })).toThrow(
      new BatchInputError('--from must be a date YYYY-MM-DD (got "2026-1-2")'),
    );
    expect(() => batchesInRange(batches, { from: '2026-01-03', to: '2026-01-01' })).toThrow(
      '--to must not be before --from (got 2026-01-03 to 2026-01-01)',
    );
    expect(() => batchesInRange(batches, { from: '2026-02-01' })).toThrow(
      'no batch dated 2026-02-01 to any time (the input has 2026-01-01, 2026-01-02, 2026-01-03)',
    );
  });
});
