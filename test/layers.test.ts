/**
 * The layer rule (eslint.config.mjs): each layer imports only from the layers above it. The
 * same ESLint configuration `npm test` lints with judges snippets placed in each layer.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

// ESLint loads its flat config with import(), which jest's module system refuses, so the
// snippets are linted by the ESLint API in a Node process of their own.
const LINT_SNIPPETS = `
  import { ESLint } from 'eslint';
  const snippets = JSON.parse(await new Promise((resolve) => {
    let text = '';
    process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
  }));
  const eslint = new ESLint({ cwd: process.cwd() });
  const found = [];
  for (const { file, code } of snippets) {
    const [result] = await eslint.lintText(code, { filePath: file });
    found.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
  }
  process.stdout.write(JSON.stringify(found));
`;

function restrictedImports(snippets: readonly { file: string; code: string }[]): string[][] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT_SNIPPETS], {
    cwd: ROOT,
    input: JSON.stringify(snippets.map(({ file, code }) => ({ file: path.join(ROOT, file), code }))),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const FORBIDDEN: [string, string, RegExp][] = [
  [
    'core/warehouse/x.ts',
    "import { S3ObjectStore } from '../../adapters/aws/s3-object-store';",
    /core\/ may import contract\/ only/,
  ],
  [
    'core/warehouse/x.ts',
    "import { S3Client } from '@aws-sdk/client-s3';",
    /AWS clients belong to adapters\//,
  ],
  [
    'contract/x.ts',
    "import { planBatch } from '../core/orchestration/plan-batch';",
    /contract\/ is the top layer/,
  ],
  [
    'lib/warehouse/x.ts',
    "import { accessSlots } from '../../core/warehouse/database-roles';",
    /never the core's internals/,
  ],
  ['handlers/x.ts', "import { RedshiftWarehouse } from '../lib/warehouse';", /never import constructs/],
  [
    'adapters/aws/x.ts',
    "import { handler } from '../../handlers/plan-batch';",
    /adapters\/ may import contract\/ and core\//,
  ],
  ['core/warehouse/x.ts', "import { Stack } from 'aws-cdk-lib';", /CDK belongs to lib\//],
];
const ALLOWED: [string, string][] = [
  ['core/warehouse/x.ts', "import { CONTRACT } from '../../contract';"],
  ['adapters/aws/x.ts', "import type { ObjectStore } from '../../core/ports/object-store';"],
  ['handlers/x.ts', "import { S3ObjectStore } from '../adapters/aws/s3-object-store';"],
  ['lib/warehouse/x.ts', "import { DATABASE_ROLES } from '../../contract/warehouse-roles';"],
  ['local/x.ts', "import { PIPELINE_STATES } from '../lib/orchestration';"],
];

describe('layer rule (ESLint no-restricted-imports)', () => {
  const snippet = (file: string, code: string) => ({ file, code: `${code}\nexport const used = [];\n` });
  const forbidden = restrictedImports(FORBIDDEN.map(([file, code]) => snippet(file, code)));
  const allowed = restrictedImports(ALLOWED.map(([file, code]) => snippet(file, code)));

  test.each(FORBIDDEN.map((entry, index) => [...entry, index] as const))(
    'fails on a forbidden import in %s: %s',
    (_file, _code, message, index) => {
      expect(forbidden[index]).toEqual([expect.stringMatching(message)]);
    },
  );

  test.each(ALLOWED.map((entry, index) => [...entry, index] as const))(
    'allows an import from a layer above in %s: %s',
    (_file, _code, index) => {
      expect(allowed[index]).toEqual([]);
    },
  );
});
