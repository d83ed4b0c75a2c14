/**
 * The files of a function's asset: synthesized here, so the asset folders and hashes are the ones
 * a deploy uploads. The pre-bundled handlers come from dist/handlers (jest's global setup builds
 * them when stale).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Template } from 'aws-cdk-lib/assertions';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, defaultContract, parseContract } from '../../contract';
import {
  bundledFilesHash,
  handlerBundleFiles,
  packageFolderFiles,
  stageBundledFiles,
} from '../../lib/common/bundled-files';
import { platformFunction } from '../../lib/common/platform-function';
import { freightContract } from '../helpers/construct-contracts';

/** Synthesizes one bundled function; returns its asset folder and hash (the S3 key in the template). */
function bundle(contract?: Contract): { dir: string; hash: string } {
  const app = new App();
  const stack = new Stack(app, 'Platform');
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  platformFunction(stack, 'Plan', {
    handlerName: 'plan-batch',
    description: 'Lists the raw objects of a batch date',
    logKey: key,
    contract,
  });
  const assembly = app.synth();
  const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  return { dir: join(assembly.directory, `asset.${hash}`), hash };
}

describe('the contract in a function bundle', () => {
  const sales = bundle(defaultContract());

  test('holds the pre-bundled handler as npm run build wrote it, named by content only', () => {
    const built = join(__dirname, '..', '..', 'dist', 'handlers', 'plan-batch');
    for (const file of ['index.js', 'index.js.map'])
      expect(readFileSync(join(sales.dir, file), 'utf8')).toBe(readFileSync(join(built, file), 'utf8'));
    // The asset hash is derived from the staged files' content hash alone (CDK hashes a custom
    // hash once more): no path of this checkout enters it.
    const content = bundledFilesHash({
      ...handlerBundleFiles('plan-batch'),
      'contract.json': JSON.stringify(defaultContract()),
    });
    expect(sales.hash).toBe(createHash('sha256').update(content).digest('hex'));
  });

  test('lies beside the bundled handler as contract.json, the normalized contract', () => {
    expect(readdirSync(sales.dir).sort()).toEqual(['contract.json', 'index.js', 'index.js.map']);
    const shipped = readFileSync(join(sales.dir, 'contract.json'), 'utf8');
    expect(shipped).toBe(JSON.stringify(defaultContract()));
    // What deployedContract() loads: a valid contract, equal to the one synthesized.
    expect(parseContract(shipped).spec).toEqual(defaultContract().spec);
  });

  test('changes the asset hash when the contract changes', () => {
    const freight = bundle(freightContract());
    expect(freight.hash).not.toBe(sales.hash);
    expect(JSON.parse(readFileSync(join(freight.dir, 'contract.json'), 'utf8')).version).toBe('0.3.0');
  });

  test('keeps the asset hash for the same contract', () => {
    expect(bundle(defaultContract()).hash).toBe(sales.hash);
  });

  test('is absent from a function that reads no contract', () => {
    expect(existsSync(join(bundle().dir, 'contract.json'))).toBe(false);
  });
});

describe('stageBundledFiles', () => {
  test('writes the files once, in a folder named by their paths and contents', () => {
    const files = { 'contract.json': '{}', 'sql/streaming/0014_x.sql': 'select 1;\n' };
    const { dir, hash } = stageBundledFiles(files);
    expect(hash).toBe(bundledFilesHash(files));
    expect(dir.endsWith(hash)).toBe(true);
    expect(readFileSync(join(dir, 'sql/streaming/0014_x.sql'), 'utf8')).toBe('select 1;\n');
    expect(stageBundledFiles({ ...files }).dir).toBe(dir);
    expect(bundledFilesHash({ ...files, 'contract.json': '{ }' })).not.toBe(bundledFilesHash(files));
  });

  test('fails on a path outside the bundle', () => {
    expect(() => stageBundledFiles({ '../escape.json': '{}' })).toThrow(
      /bundled file "..\/escape.json" must be a relative path inside the bundle/,
    );
  });
});

describe('the package files of an asset', () => {
  test('reads a folder of the package under its own path', () => {
    const sql = packageFolderFiles('sql');
    expect(sql['sql/migrations/0001_create_schema_staging.sql']).toMatch(/create schema/i);
    expect(Object.keys(sql).every((name) => name.startsWith('sql/'))).toBe(true);
  });

  test('fails on a handler with no pre-bundled code, naming the build command', () => {
    expect(() => handlerBundleFiles('no-such-handler')).toThrow(
      /no pre-bundled code for handler "no-such-handler" in .*dist\/handlers\/no-such-handler: run `npm run build`/,
    );
  });
});
