/**
 * The lake as its consumers see it: three zone buckets, one key, and grants by zone and key
 * prefix. DataLakeStorage creates one; DataLakeStorage.fromLakeAttributes imports existing
 * buckets; both share DataLakeBase, so a grant is written once.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import {
  grantPrefixDelete,
  grantPrefixList,
  grantPrefixRead,
  grantPrefixWrite,
  KeyPrefixes,
  LakeLocation,
  LakeZone,
} from './lake-grants';

/**
 * A data lake: the raw, curated and quarantine buckets, the key that encrypts them, and
 * least-privilege grants on key prefixes of a zone. Prefixes come from the contract's
 * layout (`layoutPrefix` in contract/lake-layout.ts). A prefix of '' grants the whole zone,
 * whose cdk-nag finding the caller must then acknowledge with its own reason.
 */
export interface IDataLake extends IConstruct {
  /** Raw (bronze) zone: files and streamed events as they arrived. */
  readonly rawBucket: s3.IBucket;
  /** Curated zone: validated CSV under `silver/`, the star schema under `gold/`. */
  readonly curatedBucket: s3.IBucket;
  /** Rejected rows and events, with their reasons. */
  readonly quarantineBucket: s3.IBucket;
  /** Encrypts the three buckets (SSE-KMS). */
  readonly key: kms.IKey;

  /** The bucket of a zone. */
  bucket(zone: LakeZone): s3.IBucket;
  /** List keys under `prefix` of a zone (ListBucket with an `s3:prefix` condition). */
  grantList(zone: LakeZone, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant;
  /** Read objects under `prefix` of a zone, list them, and decrypt with the lake key. */
  grantRead(zone: LakeZone, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant;
  /** Write (and overwrite) objects under `prefix` of a zone, encrypting with the lake key. */
  grantWrite(zone: LakeZone, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant;
  /** Delete objects under `prefix`, for jobs that replace their own output; never on raw. */
  grantDelete(zone: Exclude<LakeZone, 'raw'>, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant;
}

/** The buckets and key of an existing lake, for DataLakeStorage.fromLakeAttributes. */
export interface DataLakeAttributes {
  /** Raw (bronze) zone: files and streamed events as they arrived. */
  readonly rawBucket: s3.IBucket;
  /** Curated zone: validated CSV under `silver/`, the star schema under `gold/`. */
  readonly curatedBucket: s3.IBucket;
  /** Rejected rows and events, with their reasons. */
  readonly quarantineBucket: s3.IBucket;
  /** The key that encrypts the three buckets. */
  readonly key: kms.IKey;
}

/** What a created and an imported lake share: the zone lookup and the grants. */
export abstract class DataLakeBase extends Construct implements IDataLake {
  public abstract readonly rawBucket: s3.IBucket;
  public abstract readonly curatedBucket: s3.IBucket;
  public abstract readonly quarantineBucket: s3.IBucket;
  public abstract readonly key: kms.IKey;

  public bucket(zone: LakeZone): s3.IBucket {
    return { raw: this.rawBucket, curated: this.curatedBucket, quarantine: this.quarantineBucket }[zone];
  }

  public grantList(zone: LakeZone, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant {
    return grantPrefixList(this.location(zone), grantee, prefix);
  }

  public grantRead(zone: LakeZone, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant {
    return grantPrefixRead(this.location(zone), grantee, prefix);
  }

  public grantWrite(zone: LakeZone, grantee: iam.IGrantable, prefix: KeyPrefixes): iam.Grant {
    return grantPrefixWrite(this.location(zone), grantee, prefix);
  }

  public grantDelete(
    zone: Exclude<LakeZone, 'raw'>,
    grantee: iam.IGrantable,
    prefix: KeyPrefixes,
  ): iam.Grant {
    return grantPrefixDelete(this.location(zone), grantee, prefix);
  }

  private location(zone: LakeZone): LakeLocation {
    return { zone, bucket: this.bucket(zone), key: this.key };
  }
}
