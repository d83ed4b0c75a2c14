import * as entry from '../../lib';

describe('the package entry point', () => {
  test('exports classes, the environment configs and the contract loaders, and no other function', () => {
    const loaders = ['defaultContract', 'loadContract', 'parseContract'];
    const exported: [string, unknown][] = Object.entries(entry);
    const functions = exported.filter(([, value]) => typeof value === 'function');
    const freeFunctions = functions
      .filter(
        ([name, value]) =>
          !loaders.includes(name) && !/^class\s/.test(Function.prototype.toString.call(value)),
      )
      .map(([name]) => name);
    expect(freeFunctions).toEqual([]);
    expect(functions.map(([name]) => name)).toEqual(
      expect.arrayContaining([...loaders, 'DataPlatform', 'DataPlatformStack']),
    );
    expect(exported.filter(([, value]) => typeof value !== 'function').map(([name]) => name)).toEqual([
      'ENVIRONMENTS',
    ]);
  });
});
