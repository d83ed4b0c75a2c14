/**
 * Narrow cdk-nag acknowledgements: one exact wildcard finding (action or resource) at a time,
 * each with its reason, rather than a blanket AwsSolutions-IAM5 on a role. The one place that
 * spells a finding id; it uses cdk-nag's public contract (the id format) and no cdk-nag code.
 */
import { Acknowledgment, Stack, Validations } from 'aws-cdk-lib';
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
 * `AwsSolutions-IAM5[Resource::<CuratedF137945A.Arn>/gold/*]`. The value is resolved in the
 * scope's stack and flattened as cdk-nag flattens a policy's resources: a reference becomes
 * `<LogicalId>` or `<LogicalId.Attribute>`, a join is concatenated, `${...}` of a Sub becomes
 * `<...>`. A cross-stack reference would need its own acknowledgement.
 */
export function wildcardFindingId(
  scope: IConstruct,
  kind: WildcardAcknowledgment['kind'],
  value: string,
): string {
  return `AwsSolutions-IAM5[${kind}::${flatten(Stack.of(scope).resolve(value))}]`;
}

/**
 * Acknowledges each wildcard on `scope` (typically the role whose policy holds it). An id
 * already acknowledged on `scope` keeps its first reason: grants of several actions on one
 * prefix (read and write, say) create the same finding.
 */
export function acknowledgeWildcards(
  scope: IConstruct,
  acknowledgments: readonly WildcardAcknowledgment[],
): void {
  const acknowledged = acknowledgedIds(scope);
  const fresh: Acknowledgment[] = [];
  for (const { kind, value, reason } of acknowledgments) {
    const id = wildcardFindingId(scope, kind, value);
    if (acknowledged.has(id)) continue;
    acknowledged.add(id);
    fresh.push({ id, reason });
  }
  if (fresh.length > 0) Validations.of(scope).acknowledge(...fresh);
}

/** Ids acknowledged on `scope` itself, as Validations records them (`Annotation::<id>`). */
function acknowledgedIds(scope: IConstruct): Set<string> {
  return new Set(
    scope.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
      .map((id) => id.replace(/^annotation::/i, '')),
  );
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const intrinsic = node as Record<string, unknown>;
  if (intrinsic['Fn::Join']) {
    const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (intrinsic['Fn::Sub']) return flatten(intrinsic['Fn::Sub']);
  if (intrinsic['Fn::GetAtt']) {
    const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (intrinsic['Fn::ImportValue']) return flatten(intrinsic['Fn::ImportValue']);
  if (intrinsic.Ref) return `<${flatten(intrinsic.Ref)}>`;
  return JSON.stringify(node);
}
