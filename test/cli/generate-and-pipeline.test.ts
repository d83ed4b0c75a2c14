import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateBatches, generateContractBatches } from '../../local/sample-data';
import { cli } from '../helpers/cli';
import { testContract, testContractPath } from '../helpers/contracts';

describe('cli generate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-generate-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('writes one folder per day with the four datasets, byte for byte as the generator makes them', async () => {
    const result = await cli('generate', '--out', dir, '--days', '2', '--sales-per-day', '50', '--seed', '3');
    expect(result.code).toBe(0);
    expect(await readdir(dir)).toEqual(['2026-01-15', '2026-01-16']);
    const [first] = generateBatches({ days: 1, salesPerDay: 50, seed: 3 });
    expect(await readFile(path.join(dir, '2026-01-15', 'sales.csv'))).toEqual(first.files.sales);
    expect((await readdir(path.join(dir, '2026-01-15'))).sort()).toEqual([
      'customers.csv',
      'locations.csv',
      'products.csv',
      'sales.csv',
    ]);
  });

  test('writes the batches of any contract with --contract, byte for byte as its generator makes them', async () => {
    const args = [
      '--out',
      dir,
      '--days',
      '2',
      '--rows-per-day',
      '30',
      '--seed',
      '3',
      '--events-per-day',
      '2',
    ];
    const result = await cli('generate', '--contract', testContractPath('shipments'), ...args);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out).toEqual([
      `2 batch(es) of contract 1.0.0 (carriers, warehouses, shipments) written to ${dir}`,
    ]);
    const [first] = generateContractBatches(testContract('shipments'), {
      days: 1,
      rowsPerDay: 30,
      seed: 3,
      eventsPerDay: 2,
    });
    expect((await readdir(path.join(dir, '2026-01-15'))).sort()).toEqual([
      'carriers.csv',
      'shipment_events.ndjson',
      'shipments.csv',
      'warehouses.csv',
    ]);
    expect(await readFile(path.join(dir, '2026-01-15', 'shipments.csv'))).toEqual(first.files.shipments);
  });

  test('exits 1 naming the column when the contract leaves no data to make', async () => {
    const contract = path.join(dir, 'tight.json');
    const minimal = JSON.parse(await readFile(testContractPath('minimal'), 'utf8'));
    minimal.datasets.items.columns[0].max = 3;
    await writeFile(contract, JSON.stringify(minimal));
    const result = await cli(
      'generate',
      '--contract',
      contract,
      '--out',
      dir,
      '--days',
      '1',
      '--rows-per-day',
      '9',
      '--seed',
      '1',
    );
    expect(result).toEqual({
      code: 1,
      out: [],
      err: [
        `cannot generate data for ${contract}: column item_id: no more than 4 distinct keys fit its bounds`,
      ],
    });
  });

  test.each([
    [['generate', '--days', '1', '--sales-per-day', '1', '--seed', '1'], /--out is required/],
    [
      ['generate', '--out', 'x', '--days', '1', '--rows-per-day', '1', '--seed', '1'],
      /\(--rows-per-day and --members go with --contract\)$/,
    ],
    [
      [
        'generate',
        '--out',
        'x',
        '--days',
        '1',
        '--contract',
        'c.json',
        '--sales-per-day',
        '1',
        '--seed',
        '1',
      ],
      /\(--sales-per-day is for the sales example; with --contract, give --rows-per-day\)$/,
    ],
    [
      ['generate', '--out', 'x', '--days', '0', '--sales-per-day', '1', '--seed', '1'],
      /--days must be an integer from 1 to 366 \(got 0\)/,
    ],
    [
      ['generate', '--out', 'x', '--days', '1', '--sales-per-day', 'many', '--seed', '1'],
      /--sales-per-day must be an integer/,
    ],
    [
      [
        'generate',
        '--out',
        'x',
        '--days',
        '1',
        '--sales-per-day',
        '1',
        '--seed',
        '1',
        '--start-date',
        '15/01/2026',
      ],
      /--start-date must be YYYY-MM-DD/,
    ],
  ])('fails with exit code 2 and a one-line usage message for %j', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([expect.stringMatching(message)]);
  });
});

describe('cli pipeline:local', () => {
  test.each([
    [['pipeline:local', '--out', 'x'], /--input and --out are required/],
    [
      ['pipeline:local', '--input', '/no/such/folder', '--out', 'x'],
      /--input \/no\/such\/folder is not a folder/,
    ],
    [['pipeline:local', '--input', '.', '--out', 'x', '--fast'], /Unknown option '--fast'/],
  ])('fails with exit code 2 and a one-line usage message for %j', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([expect.stringMatching(message)]);
  });

  test("fails with exit code 2 naming the --contract's dataset and event files when a batch folder holds none", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-pipeline-'));
    try {
      const result = await cli(
        'pipeline:local',
        '--contract',
        testContractPath('shipments'),
        '--input',
        empty,
        '--out',
        path.join(empty, 'out'),
      );
      expect(result.code).toBe(2);
      expect(result.err[0]).toMatch(
        /holds none of carriers.csv, warehouses.csv, shipments.csv, shipment_events.ndjson\)$/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('fails with exit code 2 when a batch folder holds no dataset file', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-pipeline-'));
    try {
      const result = await cli('pipeline:local', '--input', empty, '--out', path.join(empty, 'out'));
      expect(result.code).toBe(2);
      expect(result.err[0]).toMatch(/holds none of customers.csv, products.csv, locations.csv, sales.csv/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
