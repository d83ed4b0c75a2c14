/**
 * One stack's two templates and the semantic diff that `cdk diff` computes between them
 * (@aws-cdk/cloudformation-diff): resource impacts, IAM and security-group changes.
 */
import {
  DifferenceCollection,
  fullDiff,
  ResourceDifference,
  TemplateDiff,
} from '@aws-cdk/cloudformation-diff';
import { AssemblyStack, CfnTemplate, constructPaths } from './assembly';

export interface StackDiff {
  readonly stack: string;
  /** The stack's account, when bound to one: principals of other accounts are cross-account. */
  readonly account?: string;
  /** The template deployed today (empty for a new stack). */
  readonly base: CfnTemplate;
  /** The template the change deploys (empty for a removed stack). */
  readonly head: CfnTemplate;
  readonly diff: TemplateDiff;
  /** Construct paths by logical id, from both assemblies' metadata. */
  readonly paths: ReadonlyMap<string, string>;
}

export function diffStack(stack: string, base?: AssemblyStack, head?: AssemblyStack): StackDiff {
  const baseTemplate = base?.template ?? {};
  const headTemplate = head?.template ?? {};
  return {
    stack,
    account: head?.account ?? base?.account,
    base: baseTemplate,
    head: headTemplate,
    diff: fullDiff(baseTemplate, headTemplate),
    paths: new Map([...(base ? constructPaths(base) : []), ...(head ? constructPaths(head) : [])]),
  };
}

/** The changed resources, by logical id, in a stable order. */
export function changedResources(stackDiff: StackDiff): [string, ResourceDifference][] {
  return Object.entries(stackDiff.diff.resources.changes).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The library's IAM and security-group analysis restricted to one resource: its statements
 * and rules carry no logical id, so each resource is analysed on its own to name it.
 */
export function resourceOnlyDiff(change: ResourceDifference, logicalId: string): TemplateDiff {
  return new TemplateDiff({ resources: new DifferenceCollection({ [logicalId]: change }) });
}

/**
 * A resource's construct path: from the stack metadata, or from the `aws:cdk:path` resource
 * metadata the CDK CLI also writes into templates.
 */
export function constructPath(stackDiff: StackDiff, logicalId: string): string | undefined {
  const inTemplate = (stackDiff.head.Resources?.[logicalId] ?? stackDiff.base.Resources?.[logicalId])
    ?.Metadata?.['aws:cdk:path'];
  return stackDiff.paths.get(logicalId) ?? (typeof inTemplate === 'string' ? inTemplate : undefined);
}
