/**
 * Narrow cdk-nag acknowledgments: one exact wildcard finding (action or resource) at a time,
 * each with its reason, rather than a blanket AwsSolutions-IAM5 on a role.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';

export interface WildcardAcknowledgment {
  /** `Action` for an action wildcard (`kms:GenerateDataKey*`), `Resource` for a resource one. */
  readonly kind: 'Action' | 'Resource';
  /** The action, or the resource ARN (tokens allowed) exactly as granted. */
  readonly value: string;
  /** Why the wildcard is acceptable and what bounds it. */
  readonly reason: string;
}

/**
 * The finding id cdk-nag reports for a wildcard, e.g.
 * `AwsSolutions-IAM5[Resource::<CuratedF137945A.Arn>/gold/*]`. Tokens resolve as in the
 * same stack; a cross-stack reference would need its own acknowledgment.
 */
export function wildcardFindingId(
  scope: IConstruct,
  kind: WildcardAcknowledgment['kind'],
  value: string,
): string {
  return `AwsSolutions-IAM5[${kind}::${flattenCfnReference(Stack.of(scope).resolve(value))}]`;
}

/** Acknowledges each wildcard on `scope` (typically the role whose policy holds it). */
export function acknowledgeWildcards(
  scope: IConstruct,
  acknowledgments: readonly WildcardAcknowledgment[],
): void {
  Validations.of(scope).acknowledge(
    ...acknowledgments.map(({ kind, value, reason }) => ({
      id: wildcardFindingId(scope, kind, value),
      reason,
    })),
  );
}
