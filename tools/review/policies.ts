/** DeletionPolicy and UpdateReplacePolicy changes on resources that stay in the stack. */
import { CfnResource } from './assembly';
import { PolicyChange } from './report';
import { changedResources, StackDiff } from './stack-diff';

const ATTRIBUTES = ['DeletionPolicy', 'UpdateReplacePolicy'] as const;

/**
 * The policy CloudFormation applies when the template sets none: Delete, except Snapshot as
 * the DeletionPolicy of RDS clusters and of instances outside a cluster.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 */
export function effectivePolicy(resource: CfnResource, attribute: (typeof ATTRIBUTES)[number]): string {
  const explicit = resource[attribute];
  if (typeof explicit === 'string') return explicit;
  const snapshotByDefault =
    resource.Type === 'AWS::RDS::DBCluster' ||
    (resource.Type === 'AWS::RDS::DBInstance' && resource.Properties?.DBClusterIdentifier === undefined);
  return attribute === 'DeletionPolicy' && snapshotByDefault ? 'Snapshot' : 'Delete';
}

export function policyChanges(stackDiff: StackDiff): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const [logicalId, change] of changedResources(stackDiff)) {
    if (!change.oldValue || !change.newValue) continue;
    for (const attribute of ATTRIBUTES) {
      const from = effectivePolicy(change.oldValue, attribute);
      const to = effectivePolicy(change.newValue, attribute);
      if (from !== to) {
        changes.push({ stack: stackDiff.stack, logicalId, type: change.newValue.Type, attribute, from, to });
      }
    }
  }
  return changes;
}
