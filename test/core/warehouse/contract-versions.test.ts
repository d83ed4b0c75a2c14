import { ContractSpec, defaultContract, parseContract } from '../../../contract';
import {
  asciiJson,
  CONTRACT_CHUNK_CHARS,
  recordContractStatements,
  recordedContract,
} from '../../../core/warehouse/contract-versions';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';
import { readSqlFile } from '../../../contract/sql-files';

const sales = defaultContract();

/** The sales contract with a description long enough, and non-ASCII enough, to need several chunks. */
const longContract = () => {
  const spec = JSON.parse(JSON.stringify(sales)) as { -readonly [K in keyof ContractSpec]: ContractSpec[K] };
  const description = 'Ventes réalisées en magasin, 販売 ✓. '.repeat(2_500);
  spec.datasets = { ...spec.datasets, sales: { ...spec.datasets.sales, description } };
  return parseContract(JSON.stringify(spec));
};

describe('the recorded contract', () => {
  test('is written as ASCII JSON, so each chunk is as many bytes as characters', () => {
    const json = asciiJson(longContract());

    expect(json).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(longContract())));
  });

  test('is split into chunks of at most CONTRACT_CHUNK_CHARS, each bound to its own parameters', () => {
    const statements = recordContractStatements(longContract(), 7, new Date('2024-02-01T00:00:00Z'));
    const chunks = statements.map((statement, index) => statement.parameters![`spec_chunk_${index}`]);

    expect(statements.length).toBeGreaterThan(2);
    expect(chunks.every((chunk) => chunk.length <= CONTRACT_CHUNK_CHARS)).toBe(true);
    expect(chunks.join('')).toBe(asciiJson(longContract()));
  });

  test('reads back, chunk by chunk, as the contract it recorded (PGlite)', async () => {
    const warehouse = await PgliteExecutor.create({ objectRoot: '/nonexistent' });
    try {
      expect(await recordedContract(warehouse)).toBeUndefined();
      await warehouse.execute({ sql: readSqlFile('contract_versions/create_table.sql').sql });
      await warehouse.runTransaction(recordContractStatements(sales, 1, new Date()));
      await warehouse.runTransaction(recordContractStatements(longContract(), 2, new Date()));

      expect(await recordedContract(warehouse)).toEqual(longContract());
    } finally {
      await warehouse.close();
    }
  });
});
