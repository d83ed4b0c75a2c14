import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag IAM5 finding id for a wildcard resource, as cdk-nag spells it
 * (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/prefix/*]`), so that exactly that finding can be
 * acknowledged. Resolves the ARN in the scope's stack and flattens references like cdk-nag.
 */
export function iam5ResourceFinding(scope: IConstruct, arn: string): string {
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(arn))}]`;
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (value.Ref) return `<${flatten(value.Ref)}>`;
  return JSON.stringify(node);
}
