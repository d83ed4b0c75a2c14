/**
 * IAM statements added to or removed from each resource, from the library's IAM analysis
 * (identity policies, resource policies, key policies, Lambda permissions, managed policies),
 * flagged where they widen access.
 */
import { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { IamChange, IamFlag } from './report';
import { changedResources, resourceOnlyDiff, StackDiff } from './stack-diff';

type Statement = TemplateDiff['iamChanges']['statements']['additions'][number];

/** `s3:*`, `kms:*`: every action of one service. */
const SERVICE_WIDE_ACTION = /^[a-z0-9-]+:\*$/i;
/** A 12-digit account id inside a principal (an ARN, or the id alone). */
const ACCOUNT_ID = /(?<!\d)(\d{12})(?!\d)/g;

export function iamChanges(stackDiff: StackDiff): IamChange[] {
  const changes: IamChange[] = [];
  for (const [logicalId, change] of changedResources(stackDiff)) {
    const { statements, managedPolicies } = resourceOnlyDiff(change, logicalId).iamChanges;
    const base = { stack: stackDiff.stack, logicalId };
    for (const [list, kind] of [
      [statements.additions, 'added'],
      [statements.removals, 'removed'],
    ] as const) {
      for (const statement of list) {
        changes.push({
          ...base,
          change: kind,
          effect: String(statement.effect),
          actions: [...statement.actions.values],
          resources: [...statement.resources.values],
          principals: [...statement.principals.values],
          flags: statementFlags(statement, kind, stackDiff.account),
        });
      }
    }
    for (const [list, kind] of [
      [managedPolicies.additions, 'added'],
      [managedPolicies.removals, 'removed'],
    ] as const) {
      for (const attachment of list) {
        changes.push({
          ...base,
          change: kind,
          effect: 'Allow',
          actions: [],
          resources: [attachment.managedPolicyArn],
          principals: [attachment.identityArn],
          flags: kind === 'added' ? ['managed-policy'] : [],
        });
      }
    }
  }
  return changes;
}

/** What widens access: only added Allow statements and removed Deny statements do. */
function statementFlags(statement: Statement, change: 'added' | 'removed', account?: string): IamFlag[] {
  // The library's Effect enum is not exported; its values are the policy language's words.
  const effect = String(statement.effect);
  if (change === 'removed') return effect === 'Deny' ? ['deny-removed'] : [];
  if (effect !== 'Allow') return [];
  const { actions, resources, principals } = statement;
  const flags: IamFlag[] = [];
  if (actions.not) flags.push('not-action');
  else if (actions.values.includes('*')) flags.push('wildcard-action');
  if (!actions.not && actions.values.some((action) => SERVICE_WIDE_ACTION.test(action))) {
    flags.push('service-wide-action');
  }
  if (resources.not) flags.push('not-resource');
  else if (resources.values.includes('*')) flags.push('wildcard-resource');
  if (principals.values.some((principal) => principal === '*' || principal === 'AWS:*')) {
    flags.push('public-principal');
  }
  if (principals.values.some((principal) => otherAccounts(principal, account).length > 0)) {
    flags.push('cross-account-principal');
  }
  return flags;
}

/** Literal account ids in a principal other than the stack's own (any, for an unbound stack). */
function otherAccounts(principal: string, account?: string): string[] {
  return [...principal.matchAll(ACCOUNT_ID)].map((match) => match[1]).filter((id) => id !== account);
}
