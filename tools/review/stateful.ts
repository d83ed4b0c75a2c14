/**
 * Which resources hold data. Deleting or replacing one of these loses or strands that data,
 * so the review blocks it unless the change is allowed explicitly.
 */
import { CfnResource, CfnTemplate } from './assembly';

/** Types that hold data (or, for keys, make it readable), and what a reviewer would lose. */
const STATEFUL_TYPES: ReadonlyMap<string, string> = new Map([
  ['AWS::S3::Bucket', 'its objects'],
  ['AWS::KMS::Key', 'the key material that decrypts what it encrypted'],
  ['AWS::RedshiftServerless::Namespace', 'its databases'],
  ['AWS::RedshiftServerless::Workgroup', 'its endpoint and settings'],
  ['AWS::Redshift::Cluster', 'its databases'],
  ['AWS::Kinesis::Stream', 'the records it retains'],
  ['AWS::Glue::Database', 'its table definitions'],
  ['AWS::Glue::Table', 'its schema and partitions'],
  ['AWS::SQS::Queue', 'its messages'],
  ['AWS::DynamoDB::Table', 'its items'],
  ['AWS::DynamoDB::GlobalTable', 'its items'],
  ['AWS::RDS::DBCluster', 'its databases'],
  ['AWS::RDS::DBInstance', 'its databases'],
  ['AWS::EFS::FileSystem', 'its files'],
]);

/** Deletion policies under which the data outlives the resource's removal from the stack. */
export const RETAINING_POLICIES: ReadonlySet<string> = new Set([
  'Retain',
  'RetainExceptOnCreate',
  'Snapshot',
]);

/**
 * Log groups hold audit logs when a VPC flow log or a CloudTrail trail delivers to them; other
 * log groups (a Lambda's own logs) are operational and may be recreated.
 */
const AUDIT_LOG_SOURCES: ReadonlySet<string> = new Set(['AWS::EC2::FlowLog', 'AWS::CloudTrail::Trail']);

/** The stateful resources of a template: logical id → what they hold. */
export function statefulResources(template: CfnTemplate): ReadonlyMap<string, string> {
  const resources = template.Resources ?? {};
  const audit = auditLogGroups(resources);
  const stateful = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources)) {
    const holds = STATEFUL_TYPES.get(resource.Type) ?? (audit.has(id) ? 'its audit logs' : undefined);
    if (holds) stateful.set(id, holds);
  }
  return stateful;
}

function auditLogGroups(resources: Readonly<Record<string, CfnResource>>): Set<string> {
  const groups = new Set<string>();
  for (const resource of Object.values(resources)) {
    if (!AUDIT_LOG_SOURCES.has(resource.Type)) continue;
    for (const target of referencedIds(resource.Properties)) {
      if (resources[target]?.Type === 'AWS::Logs::LogGroup') groups.add(target);
    }
  }
  return groups;
}

/** Logical ids named by `Ref` or `Fn::GetAtt` anywhere in a value. */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const ref = object.Ref;
  const getAtt = object['Fn::GetAtt'];
  const here =
    typeof ref === 'string'
      ? [ref]
      : Array.isArray(getAtt) && typeof getAtt[0] === 'string'
        ? [getAtt[0]]
        : [];
  return [...here, ...Object.values(object).flatMap(referencedIds)];
}
