import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_OUT } from '../../scripts/build';

// The packaged CLI keeps aws-cdk-lib and cdk-nag external (peers): a command that loaded them
// would fail for a user who runs the bin outside a CDK app. A copy of the bundle in an empty
// folder has no node_modules to find them in. (Jest's global setup builds the bundle.)
test('the built CLI runs backfill with no CDK installed (a usage error here, not a missing module)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-alone-'));
  try {
    copyFileSync(CLI_OUT, join(dir, 'cli.js'));
    const run = spawnSync(
      process.execPath,
      ['cli.js', 'backfill', '--from', '2026-01-02', '--to', '2026-01-01'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).not.toMatch(/Cannot find module/);
    expect(run.stderr).toMatch(/\(--to must not be before --from \(got 2026-01-02 to 2026-01-01\)\)/);
    expect(run.status).toBe(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
