import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { defaultContract } from '../../contract';
import {
  partsInWorker,
  SecondPart,
  validateLocalFile,
  validatePartOfFile,
} from '../../bin/commands/validate-in-parts';
import { SALES_HEADER, salesFile, salesRow } from '../helpers/validation';

const OUTPUTS = ['accepted.csv', 'rejected.ndjson', 'report.json'];
const inProcess = (): SecondPart => ({ run: (job) => validatePartOfFile(job), cancel: () => undefined });

/** Sales rows and near-rows: duplicate ids, quotes spanning lines, stray quotes, bad values. */
const row = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((id) => salesRow({ sale_id: `${id}` })),
  fc.integer({ min: 1, max: 6 }).map((id) => salesRow({ sale_id: `"${id}"`, discount: ' 0.50 ' })),
  fc.constantFrom(
    salesRow({ sale_id: '7', quantity: '0' }),
    salesRow({ sale_id: '"8\n9"' }),
    salesRow({ sale_id: '10', customer_id: 'a"b' }),
    salesRow({ sale_id: '11', customer_id: '"1"x' }),
    salesRow({ sale_id: '12', product_id: '"x\n\n"",y"' }),
    salesRow({ sale_id: '13', customer_id: `"${'x\n'.repeat(40)}"` }),
    '"unterminated\n1,2',
    '1,2,3',
    '',
    '"',
    'é,\r',
  ),
);
const file = fc
  .record({
    before: fc.constantFrom('', '\ufeff', '\n\n', '\r\n'),
    rows: fc.array(row, { minLength: 1, maxLength: 16 }),
    terminator: fc.constantFrom('\n', '\r\n'),
    lastTerminated: fc.boolean(),
  })
  .map(({ before, rows, terminator, lastTerminated }) => {
    const text = [SALES_HEADER, ...rows].join(terminator);
    return Buffer.from(`${before}${text}${lastTerminated ? terminator : ''}`);
  });

describe('cli validate in two parts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'validate-parts-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Validates `bytes` in one pass and in two parts split near `middle`; returns both outputs. */
  async function bothWays(
    bytes: Buffer,
    middle: number,
    maxRowBytes: number | undefined,
    startSecondPart: () => SecondPart = inProcess,
  ) {
    const input = path.join(dir, 'input.csv');
    await writeFile(input, bytes);
    const contract = defaultContract();
    const base = { contract, dataset: 'sales', file: input, maxRowBytes };
    const onePass = await validateLocalFile({ ...base, outDir: path.join(dir, 'one') });
    const inParts = await validateLocalFile({
      ...base,
      outDir: path.join(dir, 'parts'),
      parts: { startSecondPart, minBytes: 0, middle },
    });
    const read = (folder: string) =>
      Promise.all(OUTPUTS.map((name) => readFile(path.join(dir, folder, name), 'utf8')));
    return { onePass, inParts, one: await read('one'), parts: await read('parts') };
  }

  test('writes byte-identical outputs to one pass, wherever the file is split', async () => {
    let secondParts = 0;
    const counted = (): SecondPart => ({
      run: (job) => {
        secondParts++;
        return validatePartOfFile(job);
      },
      cancel: () => undefined,
    });
    await fc.assert(
      fc.asyncProperty(
        file,
        fc.double({ min: 0, max: 0.8, noNaN: true }),
        // 96: the header fits, sale 13's long quoted field does not (ROW_TOO_LONG).
        fc.constantFrom(undefined, 96),
        async (bytes, at, maxRowBytes) => {
          const { onePass, inParts, one, parts } = await bothWays(
            bytes,
            Math.floor(at * bytes.length),
            maxRowBytes,
            counted,
          );
          expect(inParts).toEqual(onePass);
          expect(parts).toEqual(one);
        },
      ),
      { numRuns: 400 },
    );
    // Not vacuous: many files were split. The others have no line terminator past the split
    // outside quotes (stray quotes upset the count); they take one pass.
    expect(secondParts).toBeGreaterThan(100);
  });

  test('rejects a row of the second part that repeats a key the first part accepted', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => salesRow({ sale_id: `${i + 1}` }));
    const bytes = Buffer.from(salesFile(...rows, salesRow({ sale_id: '2' }), salesRow({ sale_id: '9' })));

    const { inParts, one, parts } = await bothWays(bytes, bytes.length / 2, undefined);

    expect(parts).toEqual(one);
    expect(inParts.rejected_by_reason.DUPLICATE_KEY).toBe(1);
    expect(JSON.parse(parts[1])).toMatchObject({ line: 10, reason: 'DUPLICATE_KEY' });
    expect(parts[0]).not.toMatch(/^2,.*\n.*^2,/ms);
  });

  test('fails the file when only the parts together cross the reject threshold', async () => {
    const good = Array.from({ length: 9 }, (_, i) => salesRow({ sale_id: `${i + 1}` }));
    const bad = (id: number) => salesRow({ sale_id: `${id}`, quantity: '0' });
    const bytes = Buffer.from(salesFile(...good.slice(0, 5), bad(20), ...good.slice(5), bad(21)));

    const { inParts, one, parts } = await bothWays(bytes, bytes.length / 2, undefined);

    expect(parts).toEqual(one);
    expect(inParts.status).toBe('FAILED');
    expect(parts[0]).toBe(`${SALES_HEADER}\n`);
  });

  test('runs the second part on a worker thread with the same outputs', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => salesRow({ sale_id: `${(i % 40) + 1}` }));
    const bytes = Buffer.from(salesFile(...rows, salesRow({ sale_id: '"51\n"' })));
    const inWorker = partsInWorker(path.join(__dirname, '..', 'helpers', 'cli-worker.js'));
    let ranInWorker = false;

    const { one, parts } = await bothWays(bytes, bytes.length / 3, undefined, () => {
      const worker = inWorker!.startSecondPart();
      return {
        run: (job) => {
          ranInWorker = true;
          return worker.run(job);
        },
        cancel: () => worker.cancel(),
      };
    });

    expect(ranInWorker).toBe(true);
    expect(parts).toEqual(one);
  });
});
