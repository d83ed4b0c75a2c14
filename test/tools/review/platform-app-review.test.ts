import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildPlatformApp } from '../../../bin/platform-app';
import { ReviewReport } from '../../../tools/review/report';
import { cli } from '../../helpers/cli';

const savedEnv = { ...process.env };
let dir: string;

/** The platform app for one environment, synthesized as `cdk synth -c env=dev` does, without bundling. */
function synthesizeDev(outdir: string): string {
  buildPlatformApp(new App({ outdir, context: { env: 'dev' } })).app.synth();
  return outdir;
}

beforeAll(async () => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  dir = await mkdtemp(path.join(os.tmpdir(), 'review-app-'));
}, 60_000);
afterAll(async () => {
  process.env = savedEnv;
  await rm(dir, { recursive: true, force: true });
});

test('review of the platform app synthesized twice finds no changes', async () => {
  const base = synthesizeDev(path.join(dir, 'base'));
  const head = synthesizeDev(path.join(dir, 'head'));

  const markdown = await cli('review', '--base', base, '--head', head);
  const json = await cli('review', '--base', base, '--head', head, '--format', 'json');

  expect(markdown).toMatchObject({ code: 0, err: [] });
  expect(markdown.out.join('\n')).toMatch(/^### Template review: no changes$/m);
  const report = JSON.parse(json.out.join('\n')) as ReviewReport;
  expect(report.stacks).toEqual([
    expect.objectContaining({ stack: 'DataPlatform-dev', status: 'unchanged' }),
  ]);
}, 180_000);
