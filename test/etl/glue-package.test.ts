import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Contract, defaultContract } from '../../contract';
import { stagedModulesDir } from '../../lib/etl/glue-package';

describe('stagedModulesDir', () => {
  test('stages the star_schema package with the normalized contract the job reads', () => {
    const dir = stagedModulesDir(defaultContract());
    const packaged = path.join(dir, 'star_schema', 'contract.json');
    expect(JSON.parse(readFileSync(packaged, 'utf8'))).toEqual(defaultContract().toJSON());
    expect(existsSync(path.join(dir, 'star_schema', 'job.py'))).toBe(true);
    expect(readdirSync(path.join(dir, 'star_schema'))).not.toContain('__pycache__');
  });

  test('stages once per distinct contract', () => {
    const other = Contract.fromSpec({ ...defaultContract().spec, version: '9.9.9' });
    expect(stagedModulesDir(defaultContract())).toBe(stagedModulesDir(defaultContract()));
    const otherDir = stagedModulesDir(other);
    expect(otherDir).not.toBe(stagedModulesDir(defaultContract()));
    const packaged = JSON.parse(readFileSync(path.join(otherDir, 'star_schema', 'contract.json'), 'utf8'));
    expect(packaged.version).toBe('9.9.9');
  });
});
