/**
 * The stateful guard: a stateful resource that would be deleted, replaced, or lose its Retain
 * policy blocks the review. CloudFormation applies DeletionPolicy when a resource leaves the
 * template and UpdateReplacePolicy to the old resource of a replacement.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
 */
import { effectivePolicy } from './policies';
import { BlockingChange, PolicyChange, ResourceRef, StackResources } from './report';
import { StackDiff } from './stack-diff';
import { RETAINING_POLICIES, statefulResources } from './stateful';

export function statefulGuard(
  stackDiff: StackDiff,
  resources: StackResources,
  policies: readonly PolicyChange[],
): BlockingChange[] {
  // The data lives in what is deployed: statefulness is read from the base template.
  const stateful = statefulResources(stackDiff.base);
  const deployed = stackDiff.base.Resources ?? {};
  const blocking: BlockingChange[] = [];
  const block = (logicalId: string, type: string, change: BlockingChange['change'], reason: string) =>
    blocking.push({ stack: stackDiff.stack, logicalId, type, change, reason });

  for (const removed of resources.removed) {
    const holds = stateful.get(removed.logicalId);
    if (!holds) continue;
    const policy = effectivePolicy(deployed[removed.logicalId], 'DeletionPolicy');
    const fate = RETAINING_POLICIES.has(policy)
      ? `DeletionPolicy ${policy} keeps it with ${holds}, orphaned: the stack stops managing and using it`
      : `CloudFormation deletes it with ${holds}`;
    const next = successors(removed, resources.added);
    const hint = next.length
      ? `; ${next.join(', ')} is new and empty (renaming a construct changes its logical id)`
      : '';
    block(removed.logicalId, removed.type, 'removed', `removed from the stack: ${fate}${hint}`);
  }

  for (const { logicalId, type, certainty, causes } of resources.replaced) {
    const holds = stateful.get(logicalId);
    if (!holds) continue;
    const policy = effectivePolicy(deployed[logicalId], 'UpdateReplacePolicy');
    const old = RETAINING_POLICIES.has(policy)
      ? `keeps the old one with ${holds} outside the stack (UpdateReplacePolicy ${policy}): the stack moves to a new, empty one`
      : `deletes the old one with ${holds}`;
    const forced = `${causes.join(', ')} cannot change in place`;
    if (certainty === 'will') {
      block(logicalId, type, 'replaced', `${forced}: CloudFormation creates a new one and ${old}`);
    } else {
      block(
        logicalId,
        type,
        'may-be-replaced',
        `${forced} in some cases: CloudFormation may create a new one and ${old}`,
      );
    }
  }

  for (const { logicalId, type, attribute, from, to } of policies) {
    const holds = stateful.get(logicalId);
    if (attribute !== 'DeletionPolicy' || !holds) continue;
    if (RETAINING_POLICIES.has(from) && !RETAINING_POLICIES.has(to)) {
      block(
        logicalId,
        type,
        'retain-to-delete',
        `DeletionPolicy ${from} → ${to}: removing it from the stack, or deleting the stack, then deletes ${holds}`,
      );
    }
  }
  return blocking;
}

/** Added resources that look like the removed one renamed: same type, same path ending if any. */
function successors(removed: ResourceRef, added: readonly ResourceRef[]): string[] {
  const tail = (path?: string) => path?.split('/').slice(-2).join('/');
  const sameType = added.filter((candidate) => candidate.type === removed.type);
  const sameTail = sameType.filter(
    (candidate) => removed.path && tail(candidate.path) === tail(removed.path),
  );
  return (sameTail.length ? sameTail : sameType).map((candidate) => candidate.logicalId);
}
