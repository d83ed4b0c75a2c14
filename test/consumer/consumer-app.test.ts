/**
 * The route a user takes: `npm pack`, then a fresh TypeScript CDK app in a temporary folder that
 * installs the tarball with the lowest aws-cdk-lib of the peer range (not the repository's own
 * version), compiles the README's "Use it in your own CDK app" blocks with tsc (strict,
 * noUncheckedIndexedAccess, library .d.ts checked) and runs each with node under the cdk-nag
 * gate. esbuild is absent from the app and `docker` on its PATH records any call and fails, so a
 * synth that bundles fails here. Needs the npm registry (or npm's cache) for the app's packages.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { salesFile, salesRow } from '../helpers/validation';

const REPO = join(__dirname, '..', '..');
const run = promisify(execFile);
const MINUTES = 60_000;

interface PackageJson {
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;

/** The `ts` blocks of the README section, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use it in your own CDK app\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** The lowest version of a caret range, e.g. `^2.275.0` → `2.275.0`. */
const floorOf = (range: string): string => range.replace(/^\^/, '');

describe('the packed library in a fresh CDK app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consumer-app-'));
  const app = join(dir, 'app');
  const dockerCalls = join(dir, 'docker-calls.log');
  const apps = { platform: 0, 'by-hand': 1 } as const;
  const cdkLib = floorOf(pkg.peerDependencies['aws-cdk-lib'] as string);

  beforeAll(async () => {
    // Prepare: the tarball (npm pack runs the build), the app's files, its dependencies.
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
    const tarball = join(dir, stdout.trim().split('\n').pop() as string);
    mkdirSync(join(app, 'bin'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true }));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          rootDir: '.',
          outDir: 'out',
          types: ['node'],
        },
        include: ['bin'],
      }),
    );
    const blocks = readmeBlocks();
    for (const [name, index] of Object.entries(apps))
      writeFileSync(join(app, 'bin', `${name}.ts`), blocks[index] as string);
    const dev = (name: string) => `${name}@${pkg.devDependencies[name]}`;
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        `aws-cdk-lib@${cdkLib}`,
        dev('constructs'),
        dev('cdk-nag'),
        dev('typescript'),
        dev('@types/node'),
      ],
      { cwd: app, maxBuffer: 64 * 1024 * 1024 },
    );
    // A docker that records its call and fails, first on the PATH.
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'docker'), `#!/bin/sh\necho "docker $*" >> "${dockerCalls}"\nexit 1\n`);
    chmodSync(join(dir, 'bin', 'docker'), 0o755);
  }, 10 * MINUTES);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('installs aws-cdk-lib at another version of the peer range than the repository, and no esbuild', () => {
    expect(readmeBlocks()).toHaveLength(2);
    expect(cdkLib).not.toBe(pkg.devDependencies['aws-cdk-lib']);
    const installed = JSON.parse(
      readFileSync(join(app, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf8'),
    );
    expect(installed.version).toBe(cdkLib);
    expect(existsSync(join(app, 'node_modules', 'esbuild'))).toBe(false);
  });

  test(
    'compiles the README blocks with tsc, strict and noUncheckedIndexedAccess, checking the library types',
    async () => {
      const result = await run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: app }).catch(
        (error: { stdout: string }) => error,
      );
      expect(result.stdout).toBe('');
    },
    5 * MINUTES,
  );

  test.each(Object.keys(apps))(
    'synthesizes the %s block with node under the cdk-nag gate, without esbuild or Docker',
    async (name) => {
      const outdir = join(dir, `cdk.out.${name}`);
      // CDK_OUTDIR is what the CDK CLI sets: the app synthesizes there when it exits.
      await run(process.execPath, [join(app, 'out', 'bin', `${name}.js`)], {
        cwd: app,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH}`,
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));
      expect(templates).toHaveLength(1);
      const template = JSON.parse(readFileSync(join(outdir, templates[0] as string), 'utf8'));
      const functions = Object.values(template.Resources as Record<string, { Type: string }>).filter(
        (resource) => resource.Type === 'AWS::Lambda::Function',
      );
      expect(functions.length).toBeGreaterThan(0);
      expect(existsSync(dockerCalls)).toBe(false);
    },
    5 * MINUTES,
  );

  test('runs the package bin: validate checks a file with the default contract', async () => {
    const input = join(dir, 'sales.csv');
    writeFileSync(input, salesFile(salesRow({ sale_id: '1' }), salesRow({ sale_id: '2' })));
    const { stdout } = await run(join(app, 'node_modules', '.bin', 'data-platform'), [
      'validate',
      '--dataset',
      'sales',
      '--input',
      input,
      '--out',
      join(dir, 'validated'),
    ]);
    expect(stdout).toMatch(/^sales PASSED: 2 rows in, 2 accepted, 0 rejected/);
  });
});
