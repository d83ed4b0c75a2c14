import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { startExecutionWith } from '../../../adapters/aws/step-functions';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../../helpers/moto';

describe('startExecutionWith (moto Step Functions)', () => {
  let moto: MotoServer;
  let restoreEnv: () => void;
  let client: SFNClient;
  let stateMachineArn: string;

  beforeAll(async () => {
    restoreEnv = useDummyAwsEnvironment();
    moto = await startMoto();
    client = new SFNClient({ endpoint: moto.endpoint });
    const created = await client.send(
      new CreateStateMachineCommand({
        name: 'pipeline',
        roleArn: 'arn:aws:iam::123456789012:role/pipeline',
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }),
      }),
    );
    stateMachineArn = created.stateMachineArn!;
  });
  afterAll(async () => {
    client.destroy();
    await moto.stop();
    restoreEnv();
  });

  test('starts an execution with the given name and the input as JSON', async () => {
    const startExecution = startExecutionWith(client, stateMachineArn);
    expect(await startExecution('batch-2026-01-15', { batchDate: '2026-01-15' })).toBe('STARTED');
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    const started = executions!.find((e) => e.name === 'batch-2026-01-15')!;
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(JSON.parse(described.input!)).toEqual({ batchDate: '2026-01-15' });
  });

  test('a repeated start of a running batch is idempotent and starts nothing new', async () => {
    const startExecution = startExecutionWith(client, stateMachineArn);
    await startExecution('batch-2026-01-16', { batchDate: '2026-01-16' });
    await startExecution('batch-2026-01-16', { batchDate: '2026-01-16' });
    const { executions } = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions!.filter((e) => e.name === 'batch-2026-01-16')).toHaveLength(1);
  });

  test('reports a name taken by an execution with other input as already handled', async () => {
    const startExecution = startExecutionWith(client, stateMachineArn);
    await startExecution('batch-2026-01-18', { batchDate: '2026-01-18' });
    expect(await startExecution('batch-2026-01-18', { batchDate: '2026-01-19' })).toBe('ALREADY_HANDLED');
  });

  test('fails with the service error for anything else', async () => {
    const startExecution = startExecutionWith(client, `${stateMachineArn}-missing`);
    await expect(startExecution('batch-2026-01-17', { batchDate: '2026-01-17' })).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });
});
