import { Stack } from 'aws-cdk-lib';

/**
 * How cdk-nag names a resource ARN in a finding id (`AwsSolutions-IAM5[Resource::<name>]`):
 * references become `<LogicalId.Attr>` or `<AWS::Partition>`, joins are flattened. Used to
 * acknowledge exactly one finding on resources whose logical ids we do not hard-code.
 */
export function nagResourceName(scope: Stack, arn: string): string {
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const intrinsic = value as Record<string, unknown>;
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    if ('Ref' in intrinsic) return `<${String(intrinsic.Ref)}>`;
    if ('Fn::GetAtt' in intrinsic) return `<${(intrinsic['Fn::GetAtt'] as string[]).join('.')}>`;
    throw new Error(`cannot name ${JSON.stringify(value)} as cdk-nag does`);
  };
  return render(scope.resolve(arn));
}
