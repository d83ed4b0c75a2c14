/**
 * The lake's grants, written once: list, read, write and delete under key prefixes of one
 * zone's bucket, with the zone key's matching KMS actions. DataLakeBase's grant methods call
 * them; a construct that takes a plain bucket (and its key) calls them directly.
 *
 * Each grant acknowledges the cdk-nag IAM5 finding of the `<bucket>/<prefix>*` resource it
 * creates, on the grantee's role: it knows the wildcard and why it is there. A whole-zone
 * grant (prefix '') is not acknowledged: its caller must justify it.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../common/nag';

/** The lake's zones; each is its own bucket. The curated bucket holds `silver/` and `gold/`. */
export type LakeZone = 'raw' | 'curated' | 'quarantine';

/** Listing keys under a prefix: ListBucket, scoped by an `s3:prefix` condition. */
export const BUCKET_LIST_ACTIONS = ['s3:ListBucket'] as const;
/** Object read: explicit actions, never `s3:Get*`; no consumer reads old versions. */
export const OBJECT_READ_ACTIONS = ['s3:GetObject'] as const;
/** Object write, including multipart uploads (aborted by the writer when a body fails). */
export const OBJECT_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'] as const;
export const OBJECT_DELETE_ACTIONS = ['s3:DeleteObject'] as const;
/** Reading SSE-KMS objects. */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
/**
 * Writing SSE-KMS objects: GenerateDataKey for each object and Decrypt for the parts of a
 * multipart upload (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html);
 * Encrypt too, which Lake Formation's registration role needs on an encrypted location
 * (https://docs.aws.amazon.com/lake-formation/latest/dg/register-encrypted.html).
 */
export const KEY_ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** One zone's bucket and the key that encrypts it. */
export interface LakeLocation {
  /** The zone, named in acknowledgements and checked by grantPrefixDelete. */
  readonly zone: LakeZone;
  readonly bucket: s3.IBucket;
  /** @default - no KMS grant (an SSE-S3 bucket) */
  readonly key?: kms.IKey;
}

/** One key prefix, or several (e.g. one per dataset), each without its trailing `*`. */
export type KeyPrefixes = string | readonly string[];

/** ListBucket on the bucket, for keys under `prefixes` only (`s3:prefix` is `p` or `p*`). */
export function grantPrefixList(
  location: LakeLocation,
  grantee: iam.IGrantable,
  prefixes: KeyPrefixes,
): iam.Grant {
  const list = asList(prefixes);
  // ListBucket without a Prefix parameter has no s3:prefix key: a whole-zone grant needs no condition.
  const whole = list.includes('');
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...BUCKET_LIST_ACTIONS],
    resourceArns: [location.bucket.bucketArn],
    conditions: whole ? undefined : { StringLike: { 's3:prefix': list.flatMap((p) => [p, `${p}*`]) } },
  });
}

/** GetObject under `prefixes`, ListBucket limited to them, and decrypt with the zone's key. */
export function grantPrefixRead(
  location: LakeLocation,
  grantee: iam.IGrantable,
  prefixes: KeyPrefixes,
): iam.Grant {
  const grant = objectGrant(location, grantee, prefixes, OBJECT_READ_ACTIONS).combine(
    grantPrefixList(location, grantee, prefixes),
  );
  return keyGrant(location, grantee, KEY_DECRYPT_ACTIONS, grant);
}

/** PutObject (and aborting its multipart uploads) under `prefixes`, encrypting with the zone's key. */
export function grantPrefixWrite(
  location: LakeLocation,
  grantee: iam.IGrantable,
  prefixes: KeyPrefixes,
): iam.Grant {
  const grant = objectGrant(location, grantee, prefixes, OBJECT_WRITE_ACTIONS);
  return keyGrant(location, grantee, KEY_ENCRYPT_ACTIONS, grant);
}

/** DeleteObject under `prefixes`, for jobs that replace their own output. Refused on raw. */
export function grantPrefixDelete(
  location: LakeLocation,
  grantee: iam.IGrantable,
  prefixes: KeyPrefixes,
): iam.Grant {
  if (location.zone === 'raw') {
    throw new Error(
      'grantDelete refuses the raw zone: raw objects are the replayable record of what arrived; grant delete on curated or quarantine',
    );
  }
  return objectGrant(location, grantee, prefixes, OBJECT_DELETE_ACTIONS);
}

function objectGrant(
  location: LakeLocation,
  grantee: iam.IGrantable,
  prefixes: KeyPrefixes,
  actions: readonly string[],
): iam.Grant {
  const list = asList(prefixes);
  const resourceArns = list.map((prefix) => location.bucket.arnForObjects(`${prefix}*`));
  const grant = iam.Grant.addToPrincipal({ grantee, actions: [...actions], resourceArns });
  const role = grantee.grantPrincipal;
  if (Construct.isConstruct(role)) {
    acknowledgeWildcards(
      role,
      list
        .filter((prefix) => prefix !== '')
        .map((prefix) => ({
          kind: 'Resource' as const,
          value: location.bucket.arnForObjects(`${prefix}*`),
          reason: `Objects under ${prefix} of the lake's ${location.zone} zone: their keys carry parts known only at run time (dates, tables, files, batches), so the grant names the prefix; the lake grants give explicit S3 actions and nothing outside the prefix`,
        })),
    );
  }
  return grant;
}

function keyGrant(
  location: LakeLocation,
  grantee: iam.IGrantable,
  actions: readonly string[],
  grant: iam.Grant,
): iam.Grant {
  return location.key ? grant.combine(location.key.grant(grantee, ...actions)) : grant;
}

function asList(prefixes: KeyPrefixes): readonly string[] {
  const list = typeof prefixes === 'string' ? [prefixes] : prefixes;
  if (list.length === 0) throw new Error('prefixes must name at least one key prefix (got none)');
  return list;
}
