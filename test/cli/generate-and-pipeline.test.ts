import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateBatches } from '../../local/sample-data';
import { cli } from '../helpers/cli';

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

  test.each([
    [['generate', '--days', '1', '--sales-per-day', '1', '--seed', '1'], /--out is required/],
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
