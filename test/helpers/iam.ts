import { Match, Template } from 'aws-cdk-lib/assertions';

/** A policy statement as synthesized. */
export interface Statement {
  readonly Effect?: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of the policies attached to the role whose logical id starts with `rolePrefix`. */
export function roleStatements(template: Template, rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: Match.stringLikeRegexp(`^${rolePrefix}`) }]) },
  });
  if (Object.keys(policies).length === 0) throw new Error(`no policy attached to a role ${rolePrefix}*`);
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** The role's statements on S3 and KMS: what a lake grant gives, for an exact least-privilege check. */
export function lakeStatements(template: Template, rolePrefix: string): Statement[] {
  const actions = (statement: Statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  return roleStatements(template, rolePrefix).filter((statement) =>
    actions(statement).some((action) => action.startsWith('s3:') || action.startsWith('kms:')),
  );
}

/** A bucket's or key's `Arn` attribute, the resource matched by its logical id prefix. */
export const arnOf = (logicalIdPrefix: string) => ({
  'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${logicalIdPrefix}`)), 'Arn'],
});

/** `<bucket arn>/<pattern>` as CloudFormation renders `bucket.arnForObjects(pattern)`. */
export const objectArn = (bucketLogicalIdPrefix: string, pattern: string) => ({
  'Fn::Join': ['', [arnOf(bucketLogicalIdPrefix), `/${pattern}`]],
});

/** The statement a lake read grant gives on key prefixes: GetObject on `<prefix>*`. */
export const getObjects = (bucket: string, prefixes: readonly string[]): Statement => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: oneOrMany(prefixes.map((prefix) => objectArn(bucket, `${prefix}*`))),
});

/** ListBucket limited to key prefixes, as a lake list or read grant gives it. */
export const listPrefixes = (bucket: string, prefixes: readonly string[]): Statement => ({
  Effect: 'Allow',
  Action: 's3:ListBucket',
  Resource: arnOf(bucket),
  Condition: { StringLike: { 's3:prefix': prefixes.flatMap((prefix) => [prefix, `${prefix}*`]) } },
});

/** PutObject and AbortMultipartUpload on `<prefix>*`, as a lake write grant gives them. */
export const putObjects = (bucket: string, prefixes: readonly string[]): Statement => ({
  Effect: 'Allow',
  Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
  Resource: oneOrMany(prefixes.map((prefix) => objectArn(bucket, `${prefix}*`))),
});

/** DeleteObject on `<prefix>*`, as a lake delete grant gives it. */
export const deleteObjects = (bucket: string, prefixes: readonly string[]): Statement => ({
  Effect: 'Allow',
  Action: 's3:DeleteObject',
  Resource: oneOrMany(prefixes.map((prefix) => objectArn(bucket, `${prefix}*`))),
});

/** The lake key's actions for reading (decrypt) or writing (encrypt, data keys, decrypt) objects. */
export const useKey = (key: string, use: 'read' | 'write'): Statement => ({
  Effect: 'Allow',
  Action: use === 'read' ? 'kms:Decrypt' : ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
  Resource: arnOf(key),
});

const oneOrMany = <T>(items: T[]): T | T[] => (items.length === 1 ? items[0] : items);
