import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeWildcards, wildcardFindingId } from '../../lib/common/nag';
import { unacknowledgedNagFindings } from '../helpers/nag';

/** A role with one prefix-wildcard resource and one wildcard action, as cdk-nag reports them. */
function wildcardRole() {
  const stack = new Stack(new App(), 'Nag');
  const bucket = new s3.Bucket(stack, 'Curated', { enforceSSL: true });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
  const objects = bucket.arnForObjects('gold/*');
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: [objects] }));
  return { stack, bucket, role, objects };
}

describe('cdk-nag acknowledgements', () => {
  test('spell a finding id exactly as cdk-nag reports it', () => {
    const { stack, bucket, role, objects } = wildcardRole();
    const logicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(wildcardFindingId(role, 'Resource', objects)).toBe(
      `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/gold/*]`,
    );
    expect(
      unacknowledgedNagFindings(role)
        .map((finding) => finding.split(' at ')[0])
        .sort(),
    ).toEqual([
      'AwsSolutions-IAM5[Action::s3:GetObject*]',
      `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/gold/*]`,
    ]);
  });

  test('silence exactly the findings acknowledged, and nothing else', () => {
    const { role, objects } = wildcardRole();
    acknowledgeWildcards(role, [{ kind: 'Resource', value: objects, reason: 'reads any gold object' }]);
    expect(unacknowledgedNagFindings(role)).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Action::s3:GetObject\*\] at /),
    ]);
  });

  test('keep the first reason when one finding is acknowledged twice', () => {
    const { role, objects } = wildcardRole();
    acknowledgeWildcards(role, [{ kind: 'Resource', value: objects, reason: 'first' }]);
    acknowledgeWildcards(role, [{ kind: 'Resource', value: objects, reason: 'second' }]);
    const reasons = role.node.metadata
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));
    expect(reasons).toEqual(['first']);
  });
});
