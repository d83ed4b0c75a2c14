/**
 * Every optional member of an exported props or attributes interface in lib/ says what
 * happens when it is left out (`@default`), as aws-cdk-lib's props do: users read it in their
 * editor, and jsii carries it into other languages' docs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIB = join(__dirname, '..', '..', 'lib');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The body of each `export interface XxxProps` or `XxxAttributes`, by name. */
function propsInterfaces(source: string): [string, string][] {
  const found: [string, string][] = [];
  for (const match of source.matchAll(/export interface (\w+(?:Props|Attributes))\b[^{]*\{/g)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    while (depth > 0) {
      if (source[end] === '{') depth++;
      if (source[end] === '}') depth--;
      end++;
    }
    found.push([match[1], source.slice(start, end - 1)]);
  }
  return found;
}

/** `optional member` → its JSDoc, or undefined when it has none. */
function optionalMembers(body: string): [string, string | undefined][] {
  return [...body.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?readonly (\w+)\?:/g)].map((match) => [
    match[2],
    match[1],
  ]);
}

describe('props documentation', () => {
  const interfaces = typeScriptFiles(LIB).flatMap((file) =>
    propsInterfaces(readFileSync(file, 'utf8')).map(([name, body]) => ({
      where: `${relative(LIB, file)} ${name}`,
      body,
    })),
  );

  test('finds the props of the constructs it checks', () => {
    const names = interfaces.map(({ where }) => where.split(' ')[1]);
    expect(names).toEqual(
      expect.arrayContaining(['StarSchemaJobProps', 'RedshiftWarehouseProps', 'WarehouseAttributes']),
    );
  });

  test('every optional member of a props or attributes interface documents its @default', () => {
    const undocumented = interfaces.flatMap(({ where, body }) =>
      optionalMembers(body)
        .filter(([, doc]) => !doc?.includes('@default'))
        .map(([member]) => `${where}.${member}`),
    );
    expect(undocumented).toEqual([]);
  });
});
