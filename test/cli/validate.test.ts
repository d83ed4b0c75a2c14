import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cli } from '../helpers/cli';
import { testContractPath } from '../helpers/contracts';
import { SALES_HEADER, salesFile, salesRow } from '../helpers/validation';

const REPO = path.join(__dirname, '..', '..');

describe('cli validate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-validate-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('writes accepted.csv, rejected.ndjson and report.json and exits 0 for a file that PASSES', async () => {
    const input = path.join(dir, 'sales.csv');
    const rows = Array.from({ length: 20 }, (_, i) => salesRow({ sale_id: `${i + 1}` }));
    await writeFile(input, salesFile(...rows.slice(0, 19), salesRow({ sale_id: '20', quantity: 'two' })));
    const out = path.join(dir, 'out');

    const result = await cli('validate', '--dataset', 'sales', '--input', input, '--out', out);

    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out[0]).toBe(`sales PASSED: 20 rows in, 19 accepted, 1 rejected; outputs in ${out}`);
    expect((await readdir(out)).sort()).toEqual(['accepted.csv', 'rejected.ndjson', 'report.json']);
    expect(await readFile(path.join(out, 'accepted.csv'), 'utf8')).toBe(salesFile(...rows.slice(0, 19)));
    expect(JSON.parse(await readFile(path.join(out, 'rejected.ndjson'), 'utf8'))).toMatchObject({
      line: 21,
      reason: 'INVALID_TYPE',
    });
    expect(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'))).toMatchObject({
      status: 'PASSED',
      rows_in: 20,
    });
  });

  test('exits 1 for a file that FAILS and leaves only the header in accepted.csv', async () => {
    const input = path.join(dir, 'sales.csv');
    await writeFile(input, salesFile(salesRow({ quantity: '0' })));
    const out = path.join(dir, 'out');

    const result = await cli('validate', '--dataset', 'sales', '--input', input, '--out', out);

    expect(result.code).toBe(1);
    expect(result.out[1]).toMatch(/^REJECT_THRESHOLD_EXCEEDED: 1 of 1 rows rejected/);
    expect(await readFile(path.join(out, 'accepted.csv'), 'utf8')).toBe(`${SALES_HEADER}\n`);
  });

  test.each([
    [['bogus'], /^usage: cli <[a-z:|]*\bvalidate\b[a-z:|]*> \[options\] \(unknown command "bogus"\)$/],
    [[], /^usage: cli <[a-z:|]*\bvalidate\b[a-z:|]*> \[options\]$/],
    [
      ['validate', '--dataset', 'sales'],
      /^usage: cli validate \[--contract FILE\] --dataset <customers\|products\|locations\|sales> --input FILE --out DIR \(--dataset, --input and --out are required\)$/,
    ],
    [['validate', '--dataset', 'orders', '--input', 'x', '--out', 'y'], /\(unknown dataset "orders"\)$/],
    [['validate', '--dataset', 'sales', '--input', 'x', '--out', 'y', '--fast'], /Unknown option '--fast'/],
    [
      ['validate', '--dataset', 'sales', '--input', '/no/such/file.csv', '--out', 'y'],
      /\(no such file: \/no\/such\/file.csv\)$/,
    ],
  ])('fails with exit code 2 and a one-line usage message for %j', async (argv, message) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 2, out: [] });
    expect(result.err).toEqual([expect.stringMatching(message)]);
  });

  test('validates against the contract --contract names, and lists its datasets in the usage line', async () => {
    const input = path.join(dir, 'items.csv');
    await writeFile(input, 'item_id,label,amount\n1,abc,10\n2,de,11\n3,,12\n4,f,13\n5,x,1.5\n');
    const out = path.join(dir, 'out');
    const contract = testContractPath('minimal');

    const result = await cli(
      'validate',
      '--contract',
      contract,
      '--dataset',
      'items',
      '--input',
      input,
      '--out',
      out,
    );

    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out[0]).toBe(`items PASSED: 5 rows in, 4 accepted, 1 rejected; outputs in ${out}`);
    expect(
      await cli('validate', '--contract', contract, '--dataset', 'sales', '--input', input, '--out', out),
    ).toEqual({
      code: 2,
      out: [],
      err: [
        'usage: cli validate [--contract FILE] --dataset <items> --input FILE --out DIR (unknown dataset "sales")',
      ],
    });
  });

  test('fails with exit code 1 and one line per problem for an invalid contract file', async () => {
    const contract = path.join(dir, 'contract.json');
    await writeFile(contract, JSON.stringify({ version: '1.0.0', datasets: {}, star: {} }));

    const result = await cli(
      'validate',
      '--contract',
      contract,
      '--dataset',
      'x',
      '--input',
      'x',
      '--out',
      'y',
    );

    expect(result.code).toBe(1);
    expect(result.err[0]).toBe(`${contract} is not a valid data contract:`);
    expect(result.err).toContain('  - contract.star: must NOT have fewer than 1 properties');
  });

  test('fails with exit code 2 for a contract file that does not exist', async () => {
    const result = await cli(
      'validate',
      '--contract',
      '/no/such.json',
      '--dataset',
      'sales',
      '--input',
      'x',
      '--out',
      'y',
    );
    expect(result).toMatchObject({
      code: 2,
      err: [expect.stringMatching(/\(--contract \/no\/such.json: no such file\)$/)],
    });
  });

  test('sets the process exit code, as the built CLI that npm run cli runs does', async () => {
    const input = path.join(dir, 'bad.csv');
    await writeFile(input, '');
    const run = promisify(execFile);
    // dist/bin/cli.js: the package's bin, built by jest's global setup when stale.
    const failed = await run(
      process.execPath,
      ['dist/bin/cli.js', 'validate', '--dataset', 'sales', '--input', input, '--out', path.join(dir, 'o')],
      { cwd: REPO },
    ).catch((error: { code: number; stdout: string }) => error);
    expect(failed).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('EMPTY_FILE: the file is empty (0 bytes)'),
    });
    const usage = await run(process.execPath, ['dist/bin/cli.js', 'nope'], { cwd: REPO }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(usage).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^usage: cli <[a-z:|]*\bvalidate\b/),
    });
  });
});
