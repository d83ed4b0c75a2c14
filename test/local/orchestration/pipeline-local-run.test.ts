/**
 * Executions of the synthesized definition on the local interpreter (aws-local-stepfunctions),
 * every Task bound to a local stand-in (see local-stand-ins.ts).
 */
import { Duration } from 'aws-cdk-lib';
import { PIPELINE_STATES as S } from '../../../lib/orchestration';
import { QualityCheckFailedError } from '../../../core/warehouse/quality-checks';
import { buildPipelineDefinition } from '../../../local/orchestration/synthesized-pipeline';
import { LocalTaskHandler, runDefinitionLocally } from '../../../local/orchestration/run-definition';
import { LocalFolderObjectStore } from '../../../adapters/local/folder-object-store';
import {
  BATCH_DATE,
  emptyRecord,
  happyPathHandlers,
  Recorded,
  standInLake,
  validationResult,
} from './local-stand-ins';

const definition = buildPipelineDefinition({
  crawlerPollInterval: Duration.seconds(30),
  crawlerTimeout: Duration.minutes(2),
});

let lake: LocalFolderObjectStore;
beforeAll(async () => {
  lake = await standInLake();
});

function run(recorded: Recorded, overrides: Record<string, LocalTaskHandler> = {}) {
  return runDefinitionLocally(
    definition,
    { batchDate: BATCH_DATE },
    {
      handlers: { ...happyPathHandlers(recorded, lake), ...overrides },
      executionName: `batch-${BATCH_DATE}`,
    },
  );
}

function retriedStates(result: Awaited<ReturnType<typeof run>>): string[] {
  return result.events.flatMap((event) => (event.type === 'StateRetried' ? [event.state.name] : []));
}

describe('batch pipeline (local interpreter runs of the synthesized definition)', () => {
  test('runs a batch end to end and publishes its summary', async () => {
    const recorded = emptyRecord();
    const result = await run(recorded);

    expect(result.status).toBe('SUCCEEDED');
    expect(
      result.path.filter((name) => !['ValidateFile', 'CheckFileStatus', 'FileValidated'].includes(name)),
    ).toEqual([
      S.planBatch,
      S.validateFiles,
      S.initCrawlerPolls,
      S.startCrawler,
      S.waitForCrawler,
      S.getCrawler,
      S.countCrawlerPoll,
      S.checkCrawler,
      S.waitForCrawler,
      S.getCrawler,
      S.countCrawlerPoll,
      S.checkCrawler,
      S.validateCatalog,
      S.runStarSchemaJob,
      S.checkCuratedOutput,
      S.loadDimensions,
      'LoadCustomerDim',
      'LoadProductDim',
      'LoadLocationDim',
      'LoadDateDim',
      S.loadFact,
      S.runQualityChecks,
      S.refreshMarts,
      S.summarizeRun,
      S.publishSummary,
      S.pipelineSucceeded,
    ]);
    expect(result.path.filter((name) => name === S.validateFile)).toHaveLength(4);
    expect(result.output).toMatchObject({
      batchDate: BATCH_DATE,
      executionName: `batch-${BATCH_DATE}`,
      durationSeconds: 65,
      rowsLoaded: { customer_dim: 10, product_dim: 10, location_dim: 10, date_dim: 10, sales_fact: 10 },
      intake: {
        sales: { files: 1, rowsAccepted: 10, rowsRejected: 1, rejectedByReason: { MISSING_VALUE: 1 } },
      },
    });
    expect(recorded.jobArguments).toEqual([
      {
        '--batch_date': BATCH_DATE,
        '--validated_root': 's3://local-curated',
        '--curated_root': 's3://local-curated',
      },
    ]);
    expect(recorded.loads.at(-1)).toEqual({ batchDate: BATCH_DATE, table: 'sales_fact' });
    expect(recorded.published).toEqual([
      expect.objectContaining({
        Subject: `Data pipeline: batch ${BATCH_DATE} succeeded`,
        Message: expect.stringContaining('sales_fact    10'),
      }),
    ]);
  });

  test('fails the run on a FAILED file, with its report in the cause, and notifies', async () => {
    const recorded = emptyRecord();
    const failed = (input: { key: string }) =>
      validationResult(
        input.key,
        input.key.startsWith('sales/')
          ? {
              status: 'FAILED',
              file_errors: [{ code: 'MISSING_COLUMN', message: 'missing column quantity' }],
            }
          : {},
      );
    const result = await run(recorded, { [S.validateFile]: failed });

    expect(result).toMatchObject({ status: 'FAILED', error: 'ValidationFailed' });
    expect(JSON.parse(result.cause!)).toMatchObject({
      source: { key: `sales/ingest_date=${BATCH_DATE}/sales.csv` },
      outputs: { rejected: { bucket: 'local-quarantine' } },
      report: { status: 'FAILED', file_errors: [{ code: 'MISSING_COLUMN' }] },
    });
    expect(result.path).toContain(S.describeFailedFile);
    expect(result.path.slice(-2)).toEqual([S.notifyFailure, S.pipelineFailed]);
    expect(result.path).not.toContain(S.startCrawler);
    expect(recorded.published).toHaveLength(1);
    expect(recorded.published[0].Message).toMatch(
      /^Execution batch-2024-03-05 failed\. Input: \{"batchDate":"2024-03-05"\}\. Error: ValidationFailed\. Cause: .*MISSING_COLUMN/,
    );
  });

  test('retries a throttled Lambda and carries on', async () => {
    let calls = 0;
    const throttledOnce = (input: { batchDate: string }) => {
      calls += 1;
      if (calls === 1)
        throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
      return {
        batchDate: input.batchDate,
        passed: true,
        checks: [{ name: 'sales_fact.sale_id_unique', failedRows: 0 }],
      };
    };
    const result = await run(emptyRecord(), { [S.runQualityChecks]: throttledOnce });

    expect(result.status).toBe('SUCCEEDED');
    expect(retriedStates(result)).toEqual([S.runQualityChecks]);
    expect(calls).toBe(2);
  });

  test('times out a crawler that never finishes and notifies', async () => {
    const recorded = emptyRecord();
    const running = () => ({ Crawler: { Name: 'validated-crawler', State: 'RUNNING' } });
    const result = await run(recorded, { [S.getCrawler]: running });

    expect(result).toMatchObject({ status: 'FAILED', error: 'CrawlerTimeout' });
    expect(result.cause).toMatch(/crawler validated-crawler did not finish within 4 polls 30s apart/);
    expect(result.path.filter((name) => name === S.getCrawler)).toHaveLength(4);
    expect(result.path.slice(-3)).toEqual([S.crawlerTimeout, S.notifyFailure, S.pipelineFailed]);
    expect(result.path).not.toContain(S.validateCatalog);
    expect(recorded.published[0].Message).toMatch(/Error: CrawlerTimeout/);
  });

  test('waits for a crawler that is already running, then starts its own crawl', async () => {
    let starts = 0;
    const busyOnce = () => {
      starts += 1;
      if (starts === 1)
        throw Object.assign(new Error('Crawler with name validated-crawler has already started'), {
          name: 'Glue.CrawlerRunningException',
        });
      return {};
    };
    const result = await run(emptyRecord(), { [S.startCrawler]: busyOnce });

    expect(result.status).toBe('SUCCEEDED');
    expect(starts).toBe(2);
    const crawl = result.path.indexOf(S.startCrawler);
    expect(result.path.slice(crawl, crawl + 5)).toEqual([
      S.startCrawler,
      S.waitForRunningCrawler,
      S.countRunningCrawlerWait,
      S.checkRunningCrawlerWait,
      S.startCrawler,
    ]);
  });

  test('fails the run on a crawl that ended without success', async () => {
    const failedCrawl = () => ({
      Crawler: { Name: 'validated-crawler', State: 'READY', LastCrawl: { Status: 'FAILED' } },
    });
    const result = await run(emptyRecord(), { [S.getCrawler]: failedCrawl });

    expect(result).toMatchObject({ status: 'FAILED', error: 'CrawlerFailed' });
  });

  test('ends failed with the failed check names when the quality gate fails, after notifying', async () => {
    const recorded = emptyRecord();
    const failing = () => {
      throw new QualityCheckFailedError(BATCH_DATE, [
        { name: 'sales_fact.customer_key_resolves_in_customer_dim', failedRows: 3 },
        { name: 'sales_fact.net_amount_not_negative', failedRows: 1 },
      ]);
    };
    const result = await run(recorded, { [S.runQualityChecks]: failing });

    expect(result).toMatchObject({ status: 'FAILED', error: 'QualityCheckFailedError' });
    expect(result.cause).toContain('sales_fact.customer_key_resolves_in_customer_dim');
    expect(result.path.slice(-3)).toEqual([S.runQualityChecks, S.notifyFailure, S.pipelineFailed]);
    expect(
      result.events.some((event) => event.type === 'StateCaught' && event.state.name === S.runQualityChecks),
    ).toBe(true);
    expect(recorded.published).toHaveLength(1);
    expect(recorded.published[0]).toMatchObject({
      Subject: 'Data pipeline: batch run failed',
      Message: expect.stringMatching(
        /Error: QualityCheckFailedError\. Cause: .*sales_fact\.net_amount_not_negative/,
      ),
    });
  });

  test('fails a run started without a batch date, and still notifies', async () => {
    const recorded = emptyRecord();
    const result = await runDefinitionLocally(
      definition,
      {},
      { handlers: happyPathHandlers(recorded, lake) },
    );

    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidBatchDateError' });
    expect(recorded.published[0].Message).toMatch(/Input: \{\}/);
  });
});
