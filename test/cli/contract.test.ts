import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultContractPath, parseContract } from '../../contract';
import { cli } from '../helpers/cli';

const SALES = defaultContractPath();
const LEGACY = path.join(__dirname, '..', 'contract', 'fixtures', 'contract-1.0.0.json');

describe('cli contract', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-contract-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const variant = async (
    name: string,
    edit: (document: Record<string, unknown>) => void,
  ): Promise<string> => {
    const document = JSON.parse(await readFile(SALES, 'utf8'));
    edit(document);
    document.marts = [];
    document.lakeQueries = [];
    document.kpis = [];
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(document));
    return file;
  };

  test('check exits 0 and summarises a valid contract', async () => {
    expect(await cli('contract', 'check', SALES)).toEqual({
      code: 0,
      out: [`${SALES}: contract 1.1.0 is valid: 4 datasets, 4 dimensions, 1 facts, 3 marts`],
      err: [],
    });
  });

  test('check exits 1 with one line per problem', async () => {
    const file = await variant('bad.json', (d) => {
      const star = d.star as Record<
        string,
        { naturalKey: string; columns: { name: string; type: string }[] }
      >;
      star.product_dim.columns[2].type = 'varchar(16)';
      star.customer_dim.columns[2].type = 'bigint';
    });
    const result = await cli('contract', 'check', file);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `${file} is not a valid data contract:`,
      '  star.customer_dim.columns.full_name: a concat yields text; declare it varchar(n)',
      '  star.product_dim.columns.product_name: varchar(16) cannot hold products.product_name (varchar(256))',
    ]);
  });

  test('diff exits 0 for additive changes and 1 for a breaking one', async () => {
    const base = await variant('base.json', () => undefined);
    const additive = await variant('additive.json', (d) => {
      (d.datasets as Record<string, { columns: unknown[] }>).customers.columns.push({
        name: 'tier',
        type: 'string',
        required: false,
        storage: 'varchar(8)',
      });
    });
    const breaking = await variant('breaking.json', (d) => {
      (d.star as Record<string, { columns: unknown[] }>).customer_dim.columns.splice(3, 1);
    });
    expect(await cli('contract', 'diff', base, additive)).toEqual({
      code: 0,
      out: ['additive  datasets.customers.tier: optional column added'],
      err: [],
    });
    expect(await cli('contract', 'diff', base, breaking)).toEqual({
      code: 1,
      out: ['breaking  customer_dim.email: column dropped'],
      err: ['1 breaking change(s) without a migration that resolves them'],
    });
    expect((await cli('contract', 'diff', base, base)).out).toEqual(['no changes from 1.1.0 to 1.1.0']);
  });

  test('default prints the sales contract normalized, a valid contract on its own', async () => {
    const result = await cli('contract', 'default');
    expect(result.code).toBe(0);
    const printed = parseContract(result.out.join('\n'), { baseDir: '/nonexistent' });
    expect(printed.spec.marts.map((mart) => mart.name)).toContain('mv_customer_value');
  });

  test('normalize fills the defaults of the first contract format', async () => {
    const result = await cli('contract', 'normalize', LEGACY);
    expect(JSON.parse(result.out.join('\n')).star.date_dim.generated).toBe('calendar');
  });

  test.each([
    [['contract'], 'unknown action ""'],
    [['contract', 'check'], 'check takes 1 file'],
    [['contract', 'diff', SALES], 'diff takes 2 files'],
    [['contract', 'check', '/no/such.json'], 'no such file: /no/such.json'],
  ])('fails with a usage line for %j', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      `usage: cli contract <check FILE | diff OLD NEW | default | normalize FILE> (${message})`,
    ]);
  });
});
