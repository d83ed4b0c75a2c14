import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Contract, defaultContract } from '../../../contract';
import { LocalGlueJob, LocalGlueJobError } from '../../../local/pipeline/local-glue-job';
import { LOCAL_BUCKETS } from '../../../local/pipeline/local-state';

// Each job process starts a Spark JVM on local PySpark.
jest.setTimeout(5 * 60_000);

const CURATED = `s3://${LOCAL_BUCKETS.curated}`;
/** The sales contract under another version, to see that the job runs with the one it was given. */
const contract = Contract.fromSpec({ ...defaultContract().spec, version: '9.9.9' });

describe('LocalGlueJob (local PySpark)', () => {
  let lakeRoot: string;

  /** One validated CSV per dataset of the sales contract, in the local lake, for `date`. */
  async function landBatch(date: string, sales = '1,2026-01-02,1,10,100,3,2.00,0,0'): Promise<void> {
    const rows: Record<string, string> = {
      customers: '1,Ada,Lovelace,,,,',
      products: '10,Lamp,Home,,,19.99',
      locations: '100,Main St,Leeds,,North,UK',
      sales,
    };
    for (const [dataset, row] of Object.entries(rows)) {
      const folder = path.join(
        lakeRoot,
        LOCAL_BUCKETS.curated,
        contract.layoutPath('validated', { dataset, date }),
      );
      await mkdir(folder, { recursive: true });
      const header = contract.dataset(dataset).columns.map((column) => column.name);
      await writeFile(path.join(folder, 'part-1.csv'), `${header.join(',')}\n${row}\n`);
    }
  }

  const args = (date: string) => ({
    '--batch_date': date,
    '--validated_root': CURATED,
    '--curated_root': CURATED,
  });

  async function manifest(date: string): Promise<{ contract_version: string; tables: object }> {
    const key = contract.layoutPath('manifest', { date });
    return JSON.parse(await readFile(path.join(lakeRoot, LOCAL_BUCKETS.curated, key), 'utf8'));
  }

  /** The job process's id, once the run just requested has started it. */
  async function started(job: LocalGlueJob): Promise<number> {
    while (job.pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    return job.pid;
  }

  beforeEach(async () => {
    lakeRoot = await mkdtemp(path.join(tmpdir(), 'local-glue-job-test-'));
  });
  afterEach(() => rm(lakeRoot, { recursive: true, force: true }));

  test('runs every batch through one job process, one at a time, with the contract it was given', async () => {
    await landBatch('2026-01-02');
    await landBatch('2026-01-03');
    const job = new LocalGlueJob({ contract, lakeRoot });
    try {
      expect(job.pid).toBeUndefined(); // started by the first run
      const first = job.run(args('2026-01-02'));
      const second = job.run(args('2026-01-03'));
      const pid = await started(job);
      await expect(first).resolves.toEqual({ JobRunState: 'SUCCEEDED' });
      await expect(second).resolves.toEqual({ JobRunState: 'SUCCEEDED' });
      expect(job.pid).toBe(pid);
      expect((await manifest('2026-01-02')).contract_version).toBe('9.9.9');
      expect(await manifest('2026-01-03')).toMatchObject({
        previous_batch_date: '2026-01-02',
        tables: { customer_dim: 2, sales_fact: 1 },
      });
    } finally {
      await job.close();
    }
  });

  test('fails a run as States.TaskFailed with the job error, and serves the next run in the same process', async () => {
    await landBatch('2026-01-02', '1,2026-01-02,1,10,100,-3,2.00,0,0'); // a negative quantity
    await landBatch('2026-01-03');
    const job = new LocalGlueJob({ contract, lakeRoot });
    try {
      const failed = job.run(args('2026-01-02'));
      await expect(failed).rejects.toThrow(LocalGlueJobError);
      await expect(failed).rejects.toMatchObject({ name: 'States.TaskFailed' });
      await expect(failed).rejects.toThrow(
        /star-schema job failed: .*DataQualityFailedError: data quality failed for sales_fact: ColumnValues "quantity" >= 0/s,
      );
      const pid = await started(job);
      await expect(job.run(args('2026-01-03'))).resolves.toEqual({ JobRunState: 'SUCCEEDED' });
      expect(job.pid).toBe(pid);
    } finally {
      await job.close();
    }
  });

  test('fails the run in flight with the stderr tail when the process dies, and starts anew for the next run', async () => {
    await landBatch('2026-01-02');
    const job = new LocalGlueJob({ contract, lakeRoot });
    try {
      const killed = job.run(args('2026-01-02'));
      const pid = await started(job);
      process.kill(pid, 'SIGKILL');
      await expect(killed).rejects.toThrow(LocalGlueJobError);
      await expect(killed).rejects.toThrow(/star-schema job process exited with SIGKILL: /);
      await expect(job.run(args('2026-01-02'))).resolves.toEqual({ JobRunState: 'SUCCEEDED' });
      expect(job.pid).not.toBe(pid);
    } finally {
      await job.close();
    }
  });

  test('warmUp starts the process before any run, and the first run uses it; close stops a process that never ran', async () => {
    await landBatch('2026-01-02');
    const job = new LocalGlueJob({ contract, lakeRoot });
    try {
      job.warmUp();
      const pid = job.pid;
      expect(pid).toBeDefined();
      job.warmUp(); // a no-op while the process runs
      expect(job.pid).toBe(pid);
      await expect(job.run(args('2026-01-02'))).resolves.toEqual({ JobRunState: 'SUCCEEDED' });
      expect(job.pid).toBe(pid);
    } finally {
      await job.close();
    }

    const idle = new LocalGlueJob({ contract, lakeRoot });
    idle.warmUp();
    const idlePid = idle.pid!;
    await idle.close();
    expect(() => process.kill(idlePid, 0)).toThrow(/ESRCH/);
  });

  test('close stops the process and removes its copy of the contract; later runs fail', async () => {
    await landBatch('2026-01-02');
    const job = new LocalGlueJob({ contract, lakeRoot });
    await job.run(args('2026-01-02'));
    const pid = await started(job);
    expect(existsSync(job.contractPath)).toBe(true);
    await job.close();
    expect(job.pid).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(existsSync(job.contractPath)).toBe(false);
    await expect(job.run(args('2026-01-02'))).rejects.toThrow(/LocalGlueJob is closed/);
  });
});
