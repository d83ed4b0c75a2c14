import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** One output of a deployed stack, or an error that names the stack and the output. */
export async function stackOutput(
  client: CloudFormationClient,
  stackName: string,
  key: string,
): Promise<string> {
  const { Stacks: stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const value = stacks[0]?.Outputs?.find((output) => output.OutputKey === key)?.OutputValue;
  if (value === undefined)
    throw new Error(`stack ${stackName} has no output ${key}: deploy this version of the platform first`);
  return value;
}
