/** The review's result: what the JSON format prints, and what the Markdown renders. */

/** A resource of a stack, as the reviewer reads it. */
export interface ResourceRef {
  readonly logicalId: string;
  readonly type: string;
  /** The construct path (`aws:cdk:path` metadata), when the template has it. */
  readonly path?: string;
}

/** A resource CloudFormation replaces: a new physical resource, then the old one deleted. */
export interface ReplacedResource extends ResourceRef {
  /** `will`, or `may` when the forcing property changes only conditionally replace. */
  readonly certainty: 'will' | 'may';
  /** The properties whose change forces the replacement. */
  readonly causes: readonly string[];
}

/** A resource updated in place, and what changed on it. */
export interface UpdatedResource extends ResourceRef {
  readonly properties: readonly string[];
  /** Changes outside Properties: DeletionPolicy, Metadata, DependsOn... */
  readonly attributes: readonly string[];
}

export interface StackResources {
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  readonly replaced: readonly ReplacedResource[];
  readonly updated: readonly UpdatedResource[];
}

export interface StackReview {
  readonly stack: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly resources: StackResources;
  /** Differences outside Resources (outputs, parameters, conditions, mappings...). */
  readonly otherDifferences: number;
}

export type BlockingKind = 'removed' | 'replaced' | 'may-be-replaced' | 'retain-to-delete';

/** A change that loses or strands a stateful resource's data: the review exits 1 on it. */
export interface BlockingChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly change: BlockingKind;
  readonly reason: string;
}

/** A blocking change lifted by `--allow` or by an entry of the allow file. */
export interface AllowedChange extends BlockingChange {
  /** The allow file's reason, or `--allow on the command line`. */
  readonly allowedBecause: string;
}

export type IamFlag =
  | 'wildcard-action'
  | 'service-wide-action'
  | 'wildcard-resource'
  | 'not-action'
  | 'not-resource'
  | 'public-principal'
  | 'cross-account-principal'
  | 'deny-removed'
  | 'managed-policy';

/** One IAM statement (or managed-policy attachment) added to or removed from a resource. */
export interface IamChange {
  readonly stack: string;
  /** The resource that holds the statement: a role, policy, bucket policy, key... */
  readonly logicalId: string;
  readonly change: 'added' | 'removed';
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly string[];
  /** What makes the change worth a second look; empty for a plain, scoped statement. */
  readonly flags: readonly IamFlag[];
}

/** Something that becomes reachable from outside. */
export interface ExposureChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly detail: string;
}

/** Encryption removed, moved to an AWS-owned or AWS-managed key, or moved to another key. */
export interface EncryptionChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly detail: string;
}

/** A DeletionPolicy or UpdateReplacePolicy change; absent means CloudFormation's default, Delete. */
export interface PolicyChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly attribute: 'DeletionPolicy' | 'UpdateReplacePolicy';
  readonly from: string;
  readonly to: string;
}

/** A cdk-nag finding (unacknowledged) or acknowledgement that appears, disappears or changes. */
export interface NagChange {
  readonly stack: string;
  readonly kind: 'finding' | 'acknowledgement';
  readonly change: 'added' | 'removed' | 'reason-changed';
  readonly ruleId: string;
  /** The construct path the finding or acknowledgement sits on. */
  readonly path: string;
  readonly logicalId?: string;
  /** The finding's description, or the acknowledgement's reason. */
  readonly detail: string;
}

/** An allow-file entry (or `--allow` id) that lifted nothing: stale, or a typo. */
export interface UnusedAllowance {
  readonly logicalId: string;
  readonly stack?: string;
  readonly source: string;
}

export interface ReviewReport {
  /** False when both assemblies hold the same templates and the same cdk-nag results. */
  readonly changes: boolean;
  readonly stacks: readonly StackReview[];
  /** `resources: {added, removed, replaced, updated}` per stack name. */
  readonly resources: Readonly<Record<string, StackResources>>;
  readonly blocking: readonly BlockingChange[];
  readonly allowed: readonly AllowedChange[];
  readonly unusedAllowances: readonly UnusedAllowance[];
  readonly iam: readonly IamChange[];
  readonly exposure: readonly ExposureChange[];
  readonly encryption: readonly EncryptionChange[];
  readonly policies: readonly PolicyChange[];
  readonly nag: readonly NagChange[];
}
