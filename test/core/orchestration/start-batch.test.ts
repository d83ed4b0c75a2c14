import fc from 'fast-check';
import { defaultContract } from '../../../contract';
import {
  batchRunFromEvent,
  executionName,
  startBatch,
  UnsupportedTriggerError,
} from '../../../core/orchestration/start-batch';
import { testContract } from '../../helpers/contracts';
import { scheduledEvent, readyMarkerEvent } from '../../helpers/orchestration-events';

const contract = defaultContract();

describe('execution names', () => {
  test('name a run after its batch date', () => {
    expect(executionName('2024-03-05')).toBe('batch-2024-03-05');
  });

  test('fail on an invalid date', () => {
    expect(() => executionName('2024-02-30')).toThrow(/real calendar date/);
  });
});

describe('batchRunFromEvent', () => {
  test('runs the UTC day before a scheduled event', () => {
    expect(batchRunFromEvent(contract, scheduledEvent('2024-03-01T02:00:00Z'))).toEqual({
      batchDate: '2024-02-29',
      executionName: 'batch-2024-02-29',
      trigger: 'schedule',
    });
  });

  test('runs the date of a ready marker, URL-encoded or not', () => {
    for (const key of ['sales/ingest_date=2024-03-05/_READY', 'sales/ingest_date%3D2024-03-05/_READY']) {
      expect(batchRunFromEvent(contract, readyMarkerEvent(key))).toEqual({
        batchDate: '2024-03-05',
        executionName: 'batch-2024-03-05',
        trigger: 'ready-marker',
      });
    }
  });

  test.each([
    [
      'a data file',
      readyMarkerEvent('sales/ingest_date=2024-03-05/sales.csv'),
      /is not a batch-ready marker/,
    ],
    [
      'an unknown dataset',
      readyMarkerEvent('returns/ingest_date=2024-03-05/_READY'),
      /for a contract dataset/,
    ],
    [
      'a marker outside a batch folder',
      readyMarkerEvent('_READY'),
      /expected <dataset>\/ingest_date=YYYY-MM-DD\/_READY/,
    ],
    ['an impossible date', readyMarkerEvent('sales/ingest_date=2024-02-30/_READY'), /real calendar date/],
    [
      'a scheduled event without time',
      { ...scheduledEvent('x'), time: undefined },
      /scheduled event without a valid time/,
    ],
    [
      'another event',
      { source: 'aws.sqs', 'detail-type': 'x' },
      /expected a Scheduled Event or an S3 Object Created event/,
    ],
    ['no event', undefined, /expected a Scheduled Event/],
  ])('fails on %s', (_, event, message) => {
    expect(() => batchRunFromEvent(contract, event)).toThrow(message);
  });

  test('either names a batch-<date> run or fails with UnsupportedTriggerError or InvalidBatchDateError, for any key', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        try {
          expect(batchRunFromEvent(contract, readyMarkerEvent(key)).executionName).toMatch(
            /^batch-\d{4}-\d{2}-\d{2}$/,
          );
        } catch (error) {
          expect(['UnsupportedTriggerError', 'InvalidBatchDateError']).toContain((error as Error).name);
        }
      }),
    );
  });
});

describe('startBatch', () => {
  test('starts the named execution with the batch date as input', async () => {
    const started: unknown[] = [];
    const result = await startBatch(contract, scheduledEvent('2024-03-06T02:00:00Z'), async (name, input) => {
      started.push({ name, input });
      return 'STARTED';
    });
    expect(started).toEqual([{ name: 'batch-2024-03-05', input: { batchDate: '2024-03-05' } }]);
    expect(result.outcome).toBe('STARTED');
  });

  test('reports a date whose execution exists as already handled', async () => {
    const result = await startBatch(
      contract,
      readyMarkerEvent('sales/ingest_date=2024-03-05/_READY'),
      async () => 'ALREADY_HANDLED',
    );
    expect(result).toMatchObject({ batchDate: '2024-03-05', outcome: 'ALREADY_HANDLED' });
  });

  test('fails without starting anything on an unsupported event', async () => {
    const start = jest.fn();
    await expect(startBatch(contract, { source: 'x' }, start)).rejects.toThrow(UnsupportedTriggerError);
    expect(start).not.toHaveBeenCalled();
  });
});

describe('batchRunFromEvent with another contract', () => {
  const minimal = testContract('minimal');

  test("runs the date of that contract's ready marker under its raw layout", () => {
    expect(batchRunFromEvent(minimal, readyMarkerEvent('landing/items/2024-03-05/_DONE'))).toMatchObject({
      batchDate: '2024-03-05',
      trigger: 'ready-marker',
    });
  });

  test("fails on the default contract's marker, naming the expected key", () => {
    expect(() => batchRunFromEvent(minimal, readyMarkerEvent('items/ingest_date=2024-03-05/_READY'))).toThrow(
      /expected landing\/<dataset>\/YYYY-MM-DD\/_DONE for a contract dataset/,
    );
  });
});
