import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RemovalPolicy } from 'aws-cdk-lib';
import { ReviewReport } from '../../../tools/review/report';
import { cli } from '../../helpers/cli';
import { FIXTURE_STACK, FixtureVariation, synthesizeFixture } from './fixture-app';

const REPO = path.join(__dirname, '..', '..', '..');

/** One deliberate change per assembly, each against `base`. */
const VARIANTS = {
  base: {},
  renamedStorage: { storageId: 'Lake' },
  renamedNamespace: { namespaceName: 'review-fixture-2' },
  s3Wildcard: { grantS3Wildcard: true },
  openIngress: { openWarehouse: true },
  retainToDelete: { removalPolicy: RemovalPolicy.DESTROY },
  lambdaMemory: { validatorMemorySize: 2048 },
  s3ManagedEncryption: { quarantineS3Managed: true },
  crossAccountReader: { crossAccountReader: '222222222222' },
  publicEndpoints: { publicEndpoints: true },
  warehouseRetainToDelete: { warehouseRemovalPolicy: RemovalPolicy.DESTROY },
  stagedBase: { stage: 'Prod' },
  stagedRetainToDelete: { stage: 'Prod', removalPolicy: RemovalPolicy.DESTROY },
} satisfies Record<string, FixtureVariation>;
type Variant = keyof typeof VARIANTS;

let dir: string;
let noAllowances: string;
const assembly = (variant: Variant) => path.join(dir, variant);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'review-'));
  for (const [variant, variation] of Object.entries(VARIANTS))
    synthesizeFixture(path.join(dir, variant), variation);
  // Pinned so the repository's own review-allow.json never changes these tests' outcome.
  noAllowances = path.join(dir, 'no-allowances.json');
  await writeFile(noAllowances, JSON.stringify({ allow: [] }));
}, 300_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function review(head: Variant, ...options: string[]): Promise<{ code: number; report: ReviewReport }> {
  return reviewPair('base', head, ...options);
}

async function reviewPair(
  base: Variant,
  head: Variant,
  ...options: string[]
): Promise<{ code: number; report: ReviewReport }> {
  const result = await cli(
    'review',
    ...['--base', assembly(base), '--head', assembly(head), '--format', 'json', '--allow-file', noAllowances],
    ...options,
  );
  expect(result.err).toEqual([]);
  return { code: result.code, report: JSON.parse(result.out.join('\n')) as ReviewReport };
}

describe('cli review', () => {
  test('prints "no changes" and exits 0 for identical assemblies', async () => {
    const markdown = await cli('review', '--base', assembly('base'), '--head', assembly('base'));
    expect(markdown.code).toBe(0);
    expect(markdown.out.join('\n')).toMatch(/^### Template review: no changes$/m);

    const { code, report } = await review('base');
    expect(code).toBe(0);
    expect(report).toMatchObject({ changes: false, blocking: [], iam: [], exposure: [], nag: [] });
    expect(report.stacks).toEqual([expect.objectContaining({ stack: FIXTURE_STACK, status: 'unchanged' })]);
  });

  test('blocks a renamed storage construct: its buckets and key are removed and added again, empty', async () => {
    const { code, report } = await review('renamedStorage');

    expect(code).toBe(1);
    const { added, removed } = report.resources[FIXTURE_STACK];
    expect(removed).toContainEqual(
      expect.objectContaining({
        logicalId: expect.stringMatching(/^StorageRawBucket/),
        type: 'AWS::S3::Bucket',
      }),
    );
    expect(added).toContainEqual(
      expect.objectContaining({ logicalId: expect.stringMatching(/^LakeRawBucket/) }),
    );
    // Only the stateful ones block: bucket policies and notification handlers come and go freely.
    expect(new Set(report.blocking.map((b) => b.type))).toEqual(
      new Set(['AWS::S3::Bucket', 'AWS::KMS::Key']),
    );
    expect(report.blocking).toHaveLength(5);
    expect(report.blocking).toContainEqual({
      stack: FIXTURE_STACK,
      logicalId: expect.stringMatching(/^StorageRawBucket/),
      type: 'AWS::S3::Bucket',
      change: 'removed',
      reason: expect.stringMatching(
        /DeletionPolicy Retain keeps it with its objects, orphaned.*LakeRawBucket\w+ is new/,
      ),
    });
  });

  test("flags the new key policy's kms:* for its own account as service-wide, not cross-account", async () => {
    const { report } = await review('renamedStorage');

    expect(report.iam).toContainEqual(
      expect.objectContaining({
        logicalId: expect.stringMatching(/^LakeKey/),
        change: 'added',
        actions: ['kms:*'],
        principals: [expect.stringMatching(/:iam::111111111111:root$/)],
        flags: ['service-wide-action'],
      }),
    );
  });

  test('reports the cdk-nag acknowledgements that move with a renamed construct', async () => {
    const { report } = await review('renamedStorage');

    expect(report.nag).toContainEqual(
      expect.objectContaining({
        kind: 'acknowledgement',
        change: 'removed',
        path: `${FIXTURE_STACK}/Storage/AccessLogsBucket`,
        ruleId: 'AwsSolutions-S1',
        logicalId: expect.stringMatching(/^StorageAccessLogsBucket/),
      }),
    );
    expect(report.nag).toContainEqual(
      expect.objectContaining({
        kind: 'acknowledgement',
        change: 'added',
        path: `${FIXTURE_STACK}/Lake/AccessLogsBucket`,
      }),
    );
  });

  test('blocks a changed Redshift namespace name: the namespace and its workgroup are replaced', async () => {
    const { code, report } = await review('renamedNamespace');

    expect(code).toBe(1);
    expect(report.resources[FIXTURE_STACK].replaced).toEqual([
      expect.objectContaining({
        logicalId: expect.stringMatching(/^WarehouseNamespace/),
        type: 'AWS::RedshiftServerless::Namespace',
        certainty: 'will',
        causes: ['NamespaceName'],
      }),
      expect.objectContaining({ type: 'AWS::RedshiftServerless::Workgroup', causes: ['NamespaceName'] }),
    ]);
    expect(report.blocking.map(({ type, change }) => [type, change])).toEqual([
      ['AWS::RedshiftServerless::Namespace', 'replaced'],
      ['AWS::RedshiftServerless::Workgroup', 'replaced'],
    ]);
    expect(report.blocking[0].reason).toMatch(
      /^NamespaceName cannot change in place.*UpdateReplacePolicy Retain/,
    );
  });

  test('flags an added s3:* statement as service-wide, with its new cdk-nag finding, without blocking', async () => {
    const { code, report } = await review('s3Wildcard');

    expect(code).toBe(0);
    expect(report.iam).toEqual([
      {
        stack: FIXTURE_STACK,
        logicalId: expect.stringMatching(/^ValidatorResourceRoleDefaultPolicy/),
        change: 'added',
        effect: 'Allow',
        actions: ['s3:*'],
        resources: [expect.stringMatching(/^\$\{StorageRawBucket\w+\.Arn\}\/\*$/)],
        principals: [expect.stringMatching(/^AWS:\$\{ValidatorResourceRole\w+\}$/)],
        flags: ['service-wide-action'],
      },
    ]);
    expect(report.nag).toContainEqual(
      expect.objectContaining({
        kind: 'finding',
        change: 'added',
        ruleId: 'AwsSolutions-IAM5[Action::s3:*]',
      }),
    );
  });

  test('reports new ingress from 0.0.0.0/0 as network exposure', async () => {
    const { code, report } = await review('openIngress');

    expect(code).toBe(0);
    expect(report.exposure).toEqual([
      {
        stack: FIXTURE_STACK,
        logicalId: expect.stringMatching(/^WarehouseWorkgroupSecurityGroup/),
        detail: expect.stringMatching(/^ingress from 0\.0\.0\.0\/0 .* on TCP 5439/),
      },
    ]);
    expect(report.nag).toContainEqual(
      expect.objectContaining({ ruleId: 'AwsSolutions-EC23', change: 'added' }),
    );
  });

  test('flags the statements that let another account read the raw bucket as cross-account', async () => {
    const { code, report } = await review('crossAccountReader');

    expect(code).toBe(0);
    // The bucket policy grants the read; the lake key's policy grants the decrypt.
    expect(
      report.iam.map(({ logicalId, change, principals, flags }) => [
        logicalId.replace(/[0-9A-F]{8}$/, ''),
        change,
        principals,
        flags,
      ]),
    ).toEqual([
      [
        'StorageKey',
        'added',
        [expect.stringMatching(/:iam::222222222222:root$/)],
        ['cross-account-principal'],
      ],
      [
        'StorageRawBucketPolicy',
        'added',
        [expect.stringMatching(/:iam::222222222222:root$/)],
        ['cross-account-principal'],
      ],
    ]);
  });

  test('reports PubliclyAccessible turned on and a lifted S3 public-access block as exposure', async () => {
    const { report } = await review('publicEndpoints');

    expect(
      report.exposure.map(({ logicalId, detail }) => [logicalId.replace(/[0-9A-F]{8}$/, ''), detail]),
    ).toEqual([
      ['StorageRawBucket', 'public access block: BlockPublicPolicy true → false'],
      ['WarehouseWorkgroup', 'PubliclyAccessible false → true'],
    ]);
  });

  test('blocks Retain → Delete on the lake buckets and key', async () => {
    const { code, report } = await review('retainToDelete');

    expect(code).toBe(1);
    expect(report.blocking).toHaveLength(5);
    expect(report.blocking.every((b) => b.change === 'retain-to-delete')).toBe(true);
    expect(report.policies).toContainEqual(
      expect.objectContaining({
        logicalId: expect.stringMatching(/^StorageRawBucket/),
        attribute: 'DeletionPolicy',
        from: 'Retain',
        to: 'Delete',
      }),
    );
  });

  test("guards the log group that receives VPC flow logs, not the functions' own log groups", async () => {
    const { report } = await review('warehouseRetainToDelete');

    const lostRetain = report.policies.filter((p) => p.attribute === 'DeletionPolicy' && p.from === 'Retain');
    expect(lostRetain.map((p) => p.type)).toContain('AWS::Logs::LogGroup');
    expect(
      report.blocking.map(({ logicalId, type }) => [logicalId.replace(/[0-9A-F]{8}$/, ''), type]),
    ).toEqual([
      ['WarehouseKey', 'AWS::KMS::Key'],
      ['WarehouseNamespace', 'AWS::RedshiftServerless::Namespace'],
      ['WarehouseNetworkFlowLogs', 'AWS::Logs::LogGroup'],
    ]);
    expect(report.blocking[2].reason).toMatch(/then deletes its audit logs$/);
  });

  test('passes a Lambda memory change: one update in place, nothing flagged', async () => {
    const { code, report } = await review('lambdaMemory');

    expect(code).toBe(0);
    expect(report.resources[FIXTURE_STACK]).toEqual({
      added: [],
      removed: [],
      replaced: [],
      updated: [
        {
          logicalId: expect.stringMatching(/^Validator/),
          type: 'AWS::Lambda::Function',
          path: `${FIXTURE_STACK}/Validator/Resource/Resource`,
          properties: ['MemorySize'],
          attributes: [],
        },
      ],
    });
    expect(report).toMatchObject({
      blocking: [],
      iam: [],
      exposure: [],
      encryption: [],
      policies: [],
      nag: [],
    });
  });

  test('reports a bucket moved from the lake key to S3-managed encryption', async () => {
    const { report } = await review('s3ManagedEncryption');

    expect(report.encryption).toEqual([
      {
        stack: FIXTURE_STACK,
        logicalId: expect.stringMatching(/^StorageQuarantineBucket/),
        type: 'AWS::S3::Bucket',
        detail: expect.stringMatching(
          /^customer managed key \$\{StorageKey\w+\.Arn\} → AWS-owned or AWS-managed key \(SSEAlgorithm=AES256\)$/,
        ),
      },
    ]);
  });

  test('reviews the stacks of a Stage (a nested assembly) under their Stage/Stack names', async () => {
    const { code, report } = await reviewPair('stagedBase', 'stagedRetainToDelete');

    expect(code).toBe(1);
    expect(report.stacks.map(({ stack, status }) => [stack, status])).toEqual([
      [`Prod/${FIXTURE_STACK}`, 'changed'],
    ]);
    expect(report.blocking).toHaveLength(5);
  });

  test('--allow lifts a block by logical id and reports it as allowed', async () => {
    const blocked = (await review('renamedNamespace')).report.blocking.map((b) => b.logicalId);

    const { code, report } = await review('renamedNamespace', ...blocked.flatMap((id) => ['--allow', id]));

    expect(code).toBe(0);
    expect(report.blocking).toEqual([]);
    expect(report.allowed.map((a) => [a.logicalId, a.allowedBecause])).toEqual(
      blocked.map((id) => [id, '--allow on the command line']),
    );
  });

  test('an allow-file entry lifts a block with its reason; an entry matching nothing is reported', async () => {
    const [namespace, workgroup] = (await review('renamedNamespace')).report.blocking.map((b) => b.logicalId);
    const allowFile = path.join(dir, 'allow.json');
    await writeFile(
      allowFile,
      JSON.stringify({
        allow: [
          {
            logicalId: namespace,
            stack: FIXTURE_STACK,
            reason: 'Moving to a fresh namespace; data reloaded from gold/',
          },
          { logicalId: workgroup, reason: 'Follows its namespace' },
          { logicalId: 'GoneBucket1234', reason: 'Left over from an earlier change' },
        ],
      }),
    );

    const { code, report } = await review('renamedNamespace', '--allow-file', allowFile);

    expect(code).toBe(0);
    expect(report.allowed.map((a) => a.allowedBecause)).toEqual([
      'Moving to a fresh namespace; data reloaded from gold/',
      'Follows its namespace',
    ]);
    expect(report.unusedAllowances).toEqual([{ logicalId: 'GoneBucket1234', source: allowFile }]);
  });

  test('renders blocking changes and how to allow them in Markdown', async () => {
    const result = await cli('review', '--base', assembly('base'), '--head', assembly('renamedNamespace'));
    const markdown = result.out.join('\n');

    expect(result.code).toBe(1);
    expect(markdown).toMatch(/^### Template review: ⛔ 2 blocking changes$/m);
    expect(markdown).toMatch(
      /^\| `ReviewFixture` \| `WarehouseNamespace\w+` \| `AWS::RedshiftServerless::Namespace` \| replaced \| NamespaceName cannot change in place/m,
    );
    expect(markdown).toContain('add `{ "logicalId": "…", "reason": "…" }` to `review-allow.json`');
  });

  test('the committed review-allow.json is a valid allow file', async () => {
    const result = await cli(
      ...['review', '--base', assembly('base'), '--head', assembly('base')],
      ...['--allow-file', path.join(REPO, 'review-allow.json')],
    );
    expect(result).toMatchObject({ code: 0, err: [] });
  });

  test.each([
    [['review', '--base', 'x'], /\(--base and --head are required\)$/],
    [['review', '--base', 'x', '--head', 'y', '--format', 'yaml'], /\(unknown format "yaml"\)$/],
    [
      ['review', '--base', '/no/such/dir', '--head', 'y'],
      /\(no cloud assembly in \/no\/such\/dir \(manifest.json not found\)\)$/,
    ],
    [['review', '--base', 'x', '--head', 'y', '--since', 'main'], /Unknown option '--since'/],
  ])('fails with exit code 2 and a one-line usage message for %j', async (argv, message) => {
    const result = await cli(...argv);
    expect(result).toMatchObject({ code: 2, out: [] });
    expect(result.err).toEqual([expect.stringMatching(message)]);
  });

  test('fails with exit code 2 when an allow-file entry has no reason', async () => {
    const allowFile = path.join(dir, 'no-reason.json');
    await writeFile(allowFile, JSON.stringify({ allow: [{ logicalId: 'RawBucket1234' }] }));

    const result = await cli(
      'review',
      '--base',
      assembly('base'),
      '--head',
      assembly('base'),
      '--allow-file',
      allowFile,
    );

    expect(result).toMatchObject({ code: 2, out: [] });
    expect(result.err).toEqual([expect.stringMatching(/allow\[0\] \(RawBucket1234\) needs a reason/)]);
  });

  test('sets the process exit code, and reads review-allow.json from the working directory', async () => {
    const run = promisify(execFile);
    const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
    const args = [
      path.join(REPO, 'bin', 'cli.ts'),
      'review',
      '--base',
      assembly('base'),
      '--head',
      assembly('retainToDelete'),
    ];
    const blocked = await run(tsx, args, { cwd: dir }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(blocked).toMatchObject({ code: 1, stdout: expect.stringContaining('⛔ 5 blocking changes') });

    const ids = (await review('retainToDelete')).report.blocking.map((b) => b.logicalId);
    const allowed = await mkdtemp(path.join(dir, 'allowed-'));
    await writeFile(
      path.join(allowed, 'review-allow.json'),
      JSON.stringify({
        allow: ids.map((logicalId) => ({ logicalId, reason: 'dev lake: disposable by design' })),
      }),
    );
    const passed = await run(tsx, args, { cwd: allowed });
    expect(passed.stdout).toMatch(/^### Template review: no blocking changes \(5 allowed\)$/m);
  });
});
