/**
 * The contract in a function's bundle: esbuild runs here (one small handler per case), so the
 * asset folders and hashes are the ones a deploy uploads.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Template } from 'aws-cdk-lib/assertions';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, defaultContract, parseContract } from '../../contract';
import { bundledFilesHash, stageBundledFiles } from '../../lib/common/bundled-files';
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
    const dir = stageBundledFiles(files);
    expect(dir.endsWith(bundledFilesHash(files))).toBe(true);
    expect(readFileSync(join(dir, 'sql/streaming/0014_x.sql'), 'utf8')).toBe('select 1;\n');
    expect(stageBundledFiles({ ...files })).toBe(dir);
    expect(bundledFilesHash({ ...files, 'contract.json': '{ }' })).not.toBe(bundledFilesHash(files));
  });

  test('fails on a path outside the bundle', () => {
    expect(() => stageBundledFiles({ '../escape.json': '{}' })).toThrow(
      /bundled file "..\/escape.json" must be a relative path inside the bundle/,
    );
  });
});
