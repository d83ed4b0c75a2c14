/**
 * Reviews the change between two synthesized cloud assemblies, stack by stack: what is added,
 * removed and replaced, IAM and network exposure, encryption and retention, cdk-nag results,
 * and which changes would lose data (the stateful guard).
 */
import { Allowance, applyAllowances } from './allow';
import { AssemblyStack, CloudAssembly } from './assembly';
import { encryptionChanges } from './encryption';
import { exposureChanges } from './exposure';
import { statefulGuard } from './guard';
import { iamChanges } from './iam';
import { nagChanges } from './nag';
import { policyChanges } from './policies';
import { ReviewReport, StackReview } from './report';
import { resourceChanges } from './resources';
import { diffStack } from './stack-diff';

export function reviewAssemblies(
  base: CloudAssembly,
  head: CloudAssembly,
  allowances: readonly Allowance[] = [],
): ReviewReport {
  const baseStacks = new Map(base.stacks.map((stack) => [stack.name, stack]));
  const headStacks = new Map(head.stacks.map((stack) => [stack.name, stack]));
  const names = [...new Set([...headStacks.keys(), ...baseStacks.keys()])];
  const reviews = names.map((name) => reviewStack(name, baseStacks.get(name), headStacks.get(name)));
  const nag = nagChanges(base, head);
  const { blocking, allowed, unused } = applyAllowances(
    reviews.flatMap((review) => review.guarded),
    allowances,
  );
  return {
    changes: reviews.some((review) => review.summary.status !== 'unchanged') || nag.length > 0,
    stacks: reviews.map((review) => review.summary),
    resources: Object.fromEntries(reviews.map(({ summary }) => [summary.stack, summary.resources])),
    blocking,
    allowed,
    unusedAllowances: unused,
    iam: reviews.flatMap((review) => review.iam),
    exposure: reviews.flatMap((review) => review.exposure),
    encryption: reviews.flatMap((review) => review.encryption),
    policies: reviews.flatMap((review) => review.policies),
    nag,
  };
}

function reviewStack(name: string, base?: AssemblyStack, head?: AssemblyStack) {
  const stackDiff = diffStack(name, base, head);
  const resources = resourceChanges(stackDiff);
  const policies = policyChanges(stackDiff);
  const status: StackReview['status'] = !base
    ? 'added'
    : !head
      ? 'removed'
      : stackDiff.diff.isEmpty
        ? 'unchanged'
        : 'changed';
  const summary: StackReview = {
    stack: name,
    status,
    resources,
    otherDifferences: stackDiff.diff.differenceCount - stackDiff.diff.resources.differenceCount,
  };
  return {
    summary,
    policies,
    guarded: statefulGuard(stackDiff, resources, policies),
    iam: iamChanges(stackDiff),
    exposure: exposureChanges(stackDiff),
    encryption: encryptionChanges(stackDiff),
  };
}
