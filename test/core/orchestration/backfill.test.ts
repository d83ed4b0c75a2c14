import {
  backfillDates,
  backfillExecutionName,
  BackfillPorts,
  ExecutionOutcome,
  runBackfill,
} from '../../../core/orchestration/backfill';

describe('backfillDates', () => {
  test('lists every date of the range, both ends included, across a month end', () => {
    expect(backfillDates('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(backfillDates('2026-01-05', '2026-01-05')).toEqual(['2026-01-05']);
  });

  test('fails a range that ends before it starts, is longer than a year, or has no real date', () => {
    expect(() => backfillDates('2026-01-05', '2026-01-04')).toThrow(
      '--to must not be before --from (got 2026-01-05 to 2026-01-04)',
    );
    expect(() => backfillDates('2025-01-01', '2026-01-02')).toThrow(
      'a backfill runs at most 366 dates (got 367, 2025-01-01 to 2026-01-02): split the range',
    );
    expect(() => backfillDates('2026-02-30', '2026-03-01')).toThrow(
      /real calendar date \(got "2026-02-30"\)/,
    );
  });
});

describe('backfillExecutionName', () => {
  test('names a run after its label and date, within Step Functions name rules', () => {
    expect(backfillExecutionName('fix-1234', '2026-01-05')).toBe('backfill-fix-1234-2026-01-05');
    expect(backfillExecutionName('2026-01-01_2026-12-31', '2026-12-31').length).toBeLessThanOrEqual(80);
  });

  test('fails a label Step Functions would refuse', () => {
    expect(() => backfillExecutionName('fix 1', '2026-01-05')).toThrow(
      '--run must be 1 to 40 letters, digits, - or _ (got "fix 1")',
    );
    expect(() => backfillExecutionName('x'.repeat(41), '2026-01-05')).toThrow(/--run must be 1 to 40/);
  });
});

/** Ports over an in-memory record of executions: each date ends as `outcomes` says. */
function ports(outcomes: Readonly<Record<string, ExecutionOutcome>>, existing: readonly string[] = []) {
  const started = new Set(existing);
  const calls: string[] = [];
  const lines: string[] = [];
  const fake: BackfillPorts = {
    start: async (name, input) => {
      calls.push(`start ${name} ${JSON.stringify(input)}`);
      if (started.has(name)) return false;
      started.add(name);
      return true;
    },
    waitFor: async (name) => {
      calls.push(`wait ${name}`);
      return outcomes[name.slice(-10)] ?? { status: 'SUCCEEDED' };
    },
    report: (line) => lines.push(line),
  };
  return { fake, calls, lines };
}

describe('runBackfill', () => {
  test('runs each date in order, one at a time, and reports each', async () => {
    const { fake, calls, lines } = ports({});
    const results = await runBackfill(['2026-01-01', '2026-01-02'], 'r1', fake);
    expect(calls).toEqual([
      'start backfill-r1-2026-01-01 {"batchDate":"2026-01-01"}',
      'wait backfill-r1-2026-01-01',
      'start backfill-r1-2026-01-02 {"batchDate":"2026-01-02"}',
      'wait backfill-r1-2026-01-02',
    ]);
    expect(lines).toEqual([
      '2026-01-01: started backfill-r1-2026-01-01',
      '2026-01-01: SUCCEEDED',
      '2026-01-02: started backfill-r1-2026-01-02',
      '2026-01-02: SUCCEEDED',
    ]);
    expect(results.map((result) => [result.batchDate, result.status, result.started])).toEqual([
      ['2026-01-01', 'SUCCEEDED', true],
      ['2026-01-02', 'SUCCEEDED', true],
    ]);
  });

  test('a repeated backfill starts nothing it started before, and reports those runs as they ended', async () => {
    const { fake, lines } = ports({}, ['backfill-r1-2026-01-01']);
    const results = await runBackfill(['2026-01-01', '2026-01-02'], 'r1', fake);
    expect(results.map((result) => result.started)).toEqual([false, true]);
    expect(lines[0]).toBe('2026-01-01: already started backfill-r1-2026-01-01');
  });

  test('fails at the first date that does not succeed, naming its error, and starts no later date', async () => {
    const { fake, calls, lines } = ports({
      '2026-01-02': { status: 'FAILED', error: 'States.TaskFailed', cause: 'quality checks failed' },
    });
    const results = await runBackfill(['2026-01-01', '2026-01-02', '2026-01-03'], 'r1', fake);
    expect(results.map((result) => result.status)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(lines.at(-1)).toBe('2026-01-02: FAILED (States.TaskFailed: quality checks failed)');
    expect(calls.some((call) => call.includes('2026-01-03'))).toBe(false);
  });
});
