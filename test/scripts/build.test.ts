import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handlerNames, isStale } from '../../scripts/build';

describe('the build', () => {
  test('bundles the handlers that export handler, not the helpers they share', () => {
    const names = handlerNames();
    expect(names).toEqual(expect.arrayContaining(['validate-raw', 'apply-migrations', 'stream-consumer']));
    expect(names).not.toContain('environment');
    expect(names).not.toContain('warehouse-environment');
  });

  describe('staleness, from modification times', () => {
    const dir = mkdtempSync(join(tmpdir(), 'build-stale-'));
    const output = join(dir, 'out.js');
    const sources = join(dir, 'src');
    const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
    beforeAll(() => {
      mkdirSync(join(sources, 'deep'), { recursive: true });
      writeFileSync(join(sources, 'deep', 'a.ts'), '');
      at(join(sources, 'deep', 'a.ts'), 1000);
      at(join(sources, 'deep'), 1000);
      at(sources, 1000);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('is stale when an output is missing', () => {
      expect(isStale([output], [sources])).toBe(true);
    });

    test('is fresh when every output is newer than every source', () => {
      writeFileSync(output, '');
      at(output, 2000);
      expect(isStale([output], [sources])).toBe(false);
    });

    test('is stale when a file deep in a source folder changed after the build', () => {
      at(join(sources, 'deep', 'a.ts'), 3000);
      expect(isStale([output], [sources])).toBe(true);
    });
  });
});
