import { RunSummaryInput, summarizeRun } from '../../../core/orchestration/run-summary';
import { validationResult } from '../../local/orchestration/local-stand-ins';

const input = (): RunSummaryInput => ({
  batchDate: '2024-03-05',
  executionName: 'batch-2024-03-05',
  startedAt: '2024-03-06T02:00:00.000Z',
  validation: [
    validationResult('sales/ingest_date=2024-03-05/a.csv'),
    validationResult('sales/ingest_date=2024-03-05/b.csv', {
      rows_rejected: 3,
      rejected_by_reason: { DUPLICATE_KEY: 3 } as never,
    }),
  ],
  loads: {
    dimensions: [{ rowCounts: { customer_dim: 4 } }, { rowCounts: { date_dim: 2 } }],
    fact: { rowCounts: { sales_fact: 20 } },
  },
  quality: {
    checks: [
      { name: 'a', failedRows: 0 },
      { name: 'b', failedRows: 0 },
    ],
  },
});

describe('summarizeRun', () => {
  test('sums rows per table and intake per dataset, and times the run', () => {
    const summary = summarizeRun(input(), new Date('2024-03-06T03:02:05Z'));
    expect(summary).toMatchObject({
      subject: 'Data pipeline: batch 2024-03-05 succeeded',
      durationSeconds: 3725,
      rowsLoaded: { customer_dim: 4, date_dim: 2, sales_fact: 20 },
      intake: {
        sales: {
          files: 2,
          rowsAccepted: 20,
          rowsRejected: 4,
          rejectedByReason: { MISSING_VALUE: 1, DUPLICATE_KEY: 3 },
        },
      },
      qualityChecksPassed: 2,
    });
    expect(summary.message).toContain('in 1h 2m 5s');
    expect(summary.message).toContain('  sales  accepted 20  rejected 4 (MISSING_VALUE 1, DUPLICATE_KEY 3)');
    expect(summary.message).toContain('Quality checks: 2 of 2 passed.');
    expect(summary.subject.length).toBeLessThanOrEqual(100);
  });

  test('never reports a negative duration', () => {
    expect(summarizeRun(input(), new Date('2024-03-06T01:00:00Z')).durationSeconds).toBe(0);
  });

  test.each([
    [{ startedAt: 'yesterday' }, /startedAt must be an ISO 8601 timestamp \(got "yesterday"\)/],
    [{ loads: { dimensions: [] } }, /loads.dimensions and loads.fact \(each with rowCounts\)/],
    [{ quality: {} }, /quality.checks/],
    [{ batchDate: '05/03/2024' }, /batchDate must look like YYYY-MM-DD/],
  ])('fails on bad input %#', (change, message) => {
    expect(() => summarizeRun({ ...input(), ...(change as object) } as RunSummaryInput, new Date())).toThrow(
      message,
    );
  });
});
