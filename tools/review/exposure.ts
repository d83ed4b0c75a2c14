/**
 * What becomes reachable from outside: security-group ingress from anywhere (from the
 * library's security-group analysis), a loosened S3 public access block, and a
 * `PubliclyAccessible` flag turned on (Redshift, RDS).
 */
import { ExposureChange } from './report';
import { changedResources, resourceOnlyDiff, StackDiff } from './stack-diff';

const ANYWHERE: ReadonlySet<string> = new Set(['0.0.0.0/0', '::/0']);

/** The four switches of S3 Block Public Access; each must stay true for the block to hold. */
const PUBLIC_ACCESS_BLOCK_FLAGS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
];

export function exposureChanges(stackDiff: StackDiff): ExposureChange[] {
  const changes: ExposureChange[] = [];
  for (const [logicalId, change] of changedResources(stackDiff)) {
    // A removed resource exposes nothing; its successor, if any, is an addition.
    if (change.isRemoval) continue;
    const expose = (detail: string) => changes.push({ stack: stackDiff.stack, logicalId, detail });
    for (const rule of resourceOnlyDiff(change, logicalId).securityGroupChanges.ingress.additions) {
      if (rule.peer?.kind === 'cidr-ip' && ANYWHERE.has(rule.peer.ip)) {
        expose(
          `ingress from ${rule.peer.ip} (${rule.describePeer()}) on ${rule.describeProtocol()} to ${rule.groupId}`,
        );
      }
    }
    const before = change.oldProperties ?? {};
    const after = change.newProperties ?? {};
    for (const flag of loosenedBlockFlags(
      before.PublicAccessBlockConfiguration,
      after.PublicAccessBlockConfiguration,
      change.isAddition,
    )) {
      expose(flag);
    }
    if (isTrue(after.PubliclyAccessible) && !isTrue(before.PubliclyAccessible)) {
      expose(`PubliclyAccessible ${String(before.PubliclyAccessible ?? 'unset')} → true`);
    }
  }
  return changes;
}

function loosenedBlockFlags(before: unknown, after: unknown, isNew: boolean): string[] {
  const was = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  return PUBLIC_ACCESS_BLOCK_FLAGS.flatMap((flag) => {
    if (isNew)
      return now[flag] !== undefined && !isTrue(now[flag])
        ? [`public access block: new with ${flag} false`]
        : [];
    return isTrue(was[flag]) && !isTrue(now[flag])
      ? [`public access block: ${flag} true → ${String(now[flag] ?? 'unset')}`]
      : [];
  });
}

/** Templates hold booleans as JSON booleans or as the strings CloudFormation also accepts. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
