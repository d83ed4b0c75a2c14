import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Contract, defaultContract } from '../../contract';
import { PIPELINE_STATES } from '../../lib/orchestration';
import { readObjectText } from '../../core/ports/object-store';
import { applyMigrations } from '../../core/warehouse/migrations';
import { readMigrations } from '../../contract/sql-files';
import { buildPipelineDefinition } from '../orchestration/synthesized-pipeline';
import { runDefinitionLocally } from '../orchestration/run-definition';
import { PgliteExecutor } from '../../adapters/local/pglite-executor';
import { BatchFolder, BatchInputError, batchesInRange, findBatches } from './batch-folders';
import { layoutPrefix } from '../../contract/lake-layout';
import { computeKpis, Kpis } from './kpis';
import { LocalGlueJob } from './local-glue-job';
import { LocalRunRecord, localTaskHandlers } from './local-task-handlers';
import { LOCAL_BUCKETS, LocalState, localState } from './local-state';
import { streamEventsLocally } from './local-stream';
import { Stage, stageTimings } from './stage-timings';

export interface LocalPipelineOptions {
  /** The data contract the batches follow. @default the default contract (the sales example) */
  readonly contract?: Contract;
  /** A batch folder, or a folder of `YYYY-MM-DD` batch folders. */
  readonly input: string;
  /** Where kpis.json, reports and quality results go. */
  readonly out: string;
  /** Keeps the lake and warehouse between runs. @default a fresh temp folder */
  readonly state?: string;
  /**
   * Runs only the batches dated from this date on (YYYY-MM-DD), e.g. to replay a range into
   * `state` after a fix. @default the first batch
   */
  readonly from?: string;
  /** Runs only the batches dated up to this date (YYYY-MM-DD). @default the last batch */
  readonly to?: string;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

export interface BatchRun {
  readonly date: string;
  /** Wall time per stage, ms. */
  readonly stageMillis: Readonly<Record<Stage, number>>;
}

export interface LocalPipelineResult {
  readonly kpis: Kpis;
  readonly batches: readonly BatchRun[];
  readonly stateDir: string;
}

/** A batch's run ended FAILED; the batches before it stay loaded. */
export class BatchFailedError extends Error {
  override readonly name = 'BatchFailedError';
  constructor(
    readonly batchDate: string,
    readonly step: string,
    readonly reason: string,
  ) {
    super(`batch ${batchDate} failed at ${step}: ${reason}`);
  }
}

/**
 * Runs the platform on this machine: each batch lands in the local raw zone with its ready
 * markers, then the synthesized state machine runs on the local interpreter with every Task
 * bound to the code AWS runs (see local-task-handlers). KPIs come from the final warehouse.
 */
export async function runLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipelineResult> {
  const log = options.log ?? (() => undefined);
  const contract = options.contract ?? defaultContract();
  const batches = batchesInRange(await findBatches(contract, options.input), {
    from: options.from,
    to: options.to,
  });
  const state = localState(options.state ?? (await mkdtemp(path.join(tmpdir(), 'data-platform-'))));
  await refuseReplayBeforeLoadedBatches(contract, state, batches);
  // One Spark session for every batch of the run, starting while the warehouse opens and the
  // first batch is validated.
  const glueJob = new LocalGlueJob({ contract, lakeRoot: state.lakeRoot });
  if (batches.length > 0) glueJob.warmUp();
  let warehouse: PgliteExecutor | undefined;
  try {
    warehouse = await PgliteExecutor.create({ objectRoot: state.lakeRoot, dataDir: state.warehouseDir });
    // Marts are built by the pipeline's marts step, as on AWS.
    await applyMigrations(warehouse, { contract, migrations: readMigrations(), appliedAt: new Date() });
    const definition = buildPipelineDefinition({ contract, curatedBucketName: LOCAL_BUCKETS.curated });
    const runs: BatchRun[] = [];
    for (const batch of batches) {
      log(
        `batch ${batch.date}: ${[...batch.files, ...batch.eventFiles].map((f) => path.basename(f.file)).join(', ')}`,
      );
      await landBatch(contract, state, batch);
      const record: LocalRunRecord = { notifications: [] };
      const run = await runDefinitionLocally(
        definition,
        { batchDate: batch.date },
        {
          handlers: localTaskHandlers(contract, state, warehouse, record, glueJob),
          executionName: `batch-${batch.date}`,
        },
      );
      await writeBatchOutputs(contract, options.out, state, batch, record, run);
      if (run.status === 'FAILED') {
        throw new BatchFailedError(batch.date, failedStep(run.path), `${run.error}: ${run.cause}`);
      }
      log(`batch ${batch.date}: SUCCEEDED`);
      runs.push({ date: batch.date, stageMillis: stageTimings(run.events) });
    }
    const kpis = await computeKpis(contract, warehouse, state.store);
    await writeFile(path.join(options.out, 'kpis.json'), `${JSON.stringify(kpis, null, 2)}\n`);
    return { kpis, batches: runs, stateDir: state.root };
  } finally {
    await glueJob.close();
    await warehouse?.close();
  }
}

/**
 * Batches run in date order on top of what the state holds, refused before anything is written:
 * - a replay must run through the last batch the state holds: each batch builds on the previous
 *   one's dimensions, and the load overwrites on the natural key, so a range that stops earlier
 *   would bring back values that later batches changed;
 * - a batch never loaded cannot go in behind a later one: dimension history (SCD2 versions,
 *   inferred members) is built in batch order. The Glue job refuses it too.
 */
async function refuseReplayBeforeLoadedBatches(
  contract: Contract,
  state: LocalState,
  batches: readonly BatchFolder[],
): Promise<void> {
  const keys = await state.store.list(LOCAL_BUCKETS.curated, layoutPrefix(contract, 'manifest'));
  const loaded = keys
    .map((key) => contract.matchLayoutPath('manifest', key)?.date)
    .filter((date): date is string => date !== undefined)
    .sort();
  const lastLoaded = loaded.at(-1);
  const late = batches.find(
    (batch) => lastLoaded !== undefined && batch.date < lastLoaded && !loaded.includes(batch.date),
  );
  if (late && lastLoaded) throw new BatchInputError(lateBatchMessage(late.date, lastLoaded));
  const last = batches.at(-1)?.date;
  const later = loaded.filter((date) => last !== undefined && date > last);
  if (later.length > 0)
    throw new BatchInputError(
      `the state holds batches after ${last} (${later.join(', ')}): a replay must run through ${later.at(-1)} ` +
        'so their changes stay on top; drop --to, or include those batches',
    );
}

/** Why a batch older than the last loaded one, never loaded itself, is refused; the Glue job says the same. */
function lateBatchMessage(batchDate: string, lastLoaded: string): string {
  return (
    `batch ${batchDate} was never loaded and is older than ${lastLoaded}, the last batch loaded: dimension ` +
    'history is built in batch order, so a late batch cannot go in behind a later one. Land its files in ' +
    'the next batch instead: facts keep their own dates, so each is keyed to the version valid then'
  );
}

/**
 * Streams the batch's events through the consumer, copies its files into the raw zone, then
 * writes each dataset's ready marker, as producers do in AWS.
 */
async function landBatch(contract: Contract, state: LocalState, batch: BatchFolder): Promise<void> {
  for (const events of batch.eventFiles) await streamEventsLocally(contract, state.store, events, batch.date);
  for (const { dataset, file } of batch.files) {
    const prefix = contract.layoutPath('raw', { dataset, date: batch.date });
    await state.store.write(LOCAL_BUCKETS.raw, `${prefix}${path.basename(file)}`, createReadStream(file));
  }
  for (const dataset of new Set(batch.files.map((f) => f.dataset))) {
    await state.store.write(
      LOCAL_BUCKETS.raw,
      `${contract.layoutPath('raw', { dataset, date: batch.date })}${contract.spec.layout.readyMarker}`,
      '',
    );
  }
}

/** `<out>/<date>/`: the validator reports, the quality results and the run's notifications. */
async function writeBatchOutputs(
  contract: Contract,
  out: string,
  state: LocalState,
  batch: BatchFolder,
  record: LocalRunRecord,
  run: { status: string; path: readonly string[]; error?: string; cause?: string },
): Promise<void> {
  const dir = path.join(out, batch.date);
  await mkdir(path.join(dir, 'reports'), { recursive: true });
  for (const dataset of new Set(batch.files.map((f) => f.dataset))) {
    const prefix = contract.layoutPath('quarantine', { dataset, date: batch.date });
    for (const key of await state.store.list(LOCAL_BUCKETS.quarantine, prefix)) {
      if (!key.endsWith('.report.json')) continue;
      const report = await readObjectText(state.store, LOCAL_BUCKETS.quarantine, key);
      await writeFile(path.join(dir, 'reports', path.basename(key)), report);
    }
  }
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  if (record.quality !== undefined) await writeFile(path.join(dir, 'quality.json'), json(record.quality));
  await writeFile(path.join(dir, 'notifications.json'), json(record.notifications));
  await writeFile(
    path.join(dir, 'run.json'),
    json({ status: run.status, path: run.path, error: run.error, cause: run.cause }),
  );
}

/** The Task that failed: the last state entered before the failure handler. */
function failedStep(statePath: readonly string[]): string {
  const handlers = new Set<string>([PIPELINE_STATES.notifyFailure, PIPELINE_STATES.pipelineFailed]);
  const before = statePath.filter((name) => !handlers.has(name));
  return before[before.length - 1] ?? 'unknown';
}
