import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { STATE_MACHINE_ARN_OUTPUT } from '../../lib/config/deployment-names';
import { cli } from '../helpers/cli';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../helpers/moto';

/** The dev environment's stack, as deployed: only its state machine output matters here. */
const STACK = 'dp-dev-data-platform';

describe('cli backfill (moto CloudFormation and Step Functions)', () => {
  let moto: MotoServer;
  let restoreEnv: () => void;
  let sfn: SFNClient;
  let stateMachineArn: string;

  beforeAll(async () => {
    restoreEnv = useDummyAwsEnvironment();
    moto = await startMoto();
    sfn = new SFNClient({ endpoint: moto.endpoint });
    ({ stateMachineArn } = (await sfn.send(
      new CreateStateMachineCommand({
        name: 'dp-dev-pipeline',
        roleArn: 'arn:aws:iam::123456789012:role/pipeline',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
      }),
    )) as { stateMachineArn: string });
    const cloudFormation = new CloudFormationClient({ endpoint: moto.endpoint });
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateBody: JSON.stringify({
          Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
          Outputs: { [STATE_MACHINE_ARN_OUTPUT]: { Value: stateMachineArn } },
        }),
      }),
    );
    cloudFormation.destroy();
  });
  afterAll(async () => {
    sfn.destroy();
    await moto.stop();
    restoreEnv();
  });

  const executions = async () =>
    ((await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? []).map((e) => e.name);

  test('starts the first date on the stack output state machine, waits for it, and stops at its end when it did not succeed; a repeat starts nothing', async () => {
    const args = ['--from', '2026-01-01', '--to', '2026-01-03', '--run', 'abort', '--poll-seconds', '0.05'];
    const backfill = cli('backfill', ...args, '--endpoint', moto.endpoint);
    // moto keeps an execution RUNNING until it is stopped: the backfill waits until then.
    while (!(await executions()).includes('backfill-abort-2026-01-01'))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const [first] = (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions!;
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));

    expect(await backfill).toEqual({
      code: 1,
      out: [
        `backfill 2026-01-01 to 2026-01-03 on ${stateMachineArn}`,
        '2026-01-01: started backfill-abort-2026-01-01',
        '2026-01-01: ABORTED',
        '0 of 3 date(s) succeeded',
      ],
      err: [],
    });
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(JSON.parse(described.input!)).toEqual({ batchDate: '2026-01-01' });

    const again = await cli('backfill', ...args, '--endpoint', moto.endpoint);
    expect(again.out.slice(1, 3)).toEqual([
      '2026-01-01: already started backfill-abort-2026-01-01',
      '2026-01-01: ABORTED',
    ]);
    expect(await executions()).toEqual(['backfill-abort-2026-01-01']);
  });

  test('runs every date in order when each succeeds (Step Functions status polling mocked: moto never ends an execution)', async () => {
    const mock = mockClient(SFNClient);
    const started: string[] = [];
    mock.on(DescribeExecutionCommand).callsFake(({ executionArn }: { executionArn: string }) => {
      const name = executionArn.split(':').at(-1)!;
      if (!started.includes(name))
        throw new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} });
      return { status: 'SUCCEEDED' };
    });
    mock.on(StartExecutionCommand).callsFake((input: { name?: string }) => {
      started.push(input.name!);
      return { executionArn: `${stateMachineArn}:${input.name}`, startDate: new Date() };
    });
    try {
      const result = await cli(
        'backfill',
        '--from',
        '2026-02-27',
        '--to',
        '2026-03-01',
        '--endpoint',
        moto.endpoint,
      );
      expect(result.code).toBe(0);
      expect(result.out.slice(1)).toEqual([
        '2026-02-27: started backfill-2026-02-27_2026-03-01-2026-02-27',
        '2026-02-27: SUCCEEDED',
        '2026-02-28: started backfill-2026-02-27_2026-03-01-2026-02-28',
        '2026-02-28: SUCCEEDED',
        '2026-03-01: started backfill-2026-02-27_2026-03-01-2026-03-01',
        '2026-03-01: SUCCEEDED',
        '3 of 3 date(s) succeeded',
      ]);
    } finally {
      mock.restore();
    }
  });

  test('exits 2 naming the problem for a bad range, label or environment, before calling AWS', async () => {
    expect((await cli('backfill', '--from', '2026-01-03', '--to', '2026-01-01')).err).toEqual([
      expect.stringMatching(/\(--to must not be before --from \(got 2026-01-03 to 2026-01-01\)\)$/),
    ]);
    expect((await cli('backfill', '--from', '2026-01-01', '--to', '2026-01-01', '--run', 'a b')).code).toBe(
      2,
    );
    expect((await cli('backfill', '--from', '2026-01-01', '--to', '2026-01-01', '--env', 'qa')).err).toEqual([
      expect.stringMatching(/\(--env must be one of dev, staging, prod \(got "qa"\)\)$/),
    ]);
  });
});
