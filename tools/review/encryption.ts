/**
 * Encryption at rest that gets weaker on a resource that stays in the stack: a customer
 * managed key replaced by an AWS-owned or AWS-managed key, encryption settings removed, or
 * a move to another key. Read generically from the properties that name keys and algorithms,
 * so it covers S3, Kinesis, SQS, SNS, Logs, Redshift, Step Functions, Glue and the rest alike.
 */
import { EncryptionChange } from './report';
import { changedResources, StackDiff } from './stack-diff';

/** Properties that hold the key a resource encrypts with. */
const KEY_PROPERTY =
  /^(KmsKeyId|KmsKeyArn|KMSMasterKeyID|KmsMasterKeyId|KMSKeyArn|KmsKey|KeyId|KmsKeyIdentifier|SSEKMSKeyId)$/i;
/** Properties that say whether or how a resource is encrypted. */
const ENCRYPTION_PROPERTY = /encrypt|sse|kms/i;
/** Switches that turn on encryption with a service-managed key (SQS `SqsManagedSseEnabled`). */
const MANAGED_SWITCH = /managed/i;
/** Values that name an AWS-owned or AWS-managed key rather than the account's own. */
const AWS_KEY_VALUE = /^(AES256|AWS_OWNED_KEY|AWS_OWNED_KMS_KEY|aws\/.+|alias\/aws\/.+)$/;

interface EncryptionState {
  /** Customer managed keys, rendered (`${Key.Arn}`). */
  readonly keys: readonly string[];
  /** Settings that encrypt with an AWS-owned or AWS-managed key. */
  readonly awsKeys: readonly string[];
  /** Any encryption setting at all. */
  readonly configured: boolean;
}

export function encryptionChanges(stackDiff: StackDiff): EncryptionChange[] {
  const changes: EncryptionChange[] = [];
  for (const [logicalId, change] of changedResources(stackDiff)) {
    if (!change.oldValue || !change.newValue) continue;
    const detail = weakening(encryptionState(change.oldProperties), encryptionState(change.newProperties));
    if (detail) changes.push({ stack: stackDiff.stack, logicalId, type: change.newValue.Type, detail });
  }
  return changes;
}

function weakening(before: EncryptionState, after: EncryptionState): string | undefined {
  const was = before.keys.join(', ');
  if (before.keys.length > 0 && after.keys.length === 0) {
    return after.awsKeys.length > 0
      ? `customer managed key ${was} → AWS-owned or AWS-managed key (${after.awsKeys.join(', ')})`
      : `customer managed key ${was} removed: encryption settings gone`;
  }
  if (before.keys.length > 0 && was !== after.keys.join(', ')) return `key ${was} → ${after.keys.join(', ')}`;
  if (before.configured && !after.configured) return 'encryption settings removed';
  return undefined;
}

function encryptionState(properties: Record<string, unknown> | undefined): EncryptionState {
  const keys: string[] = [];
  const awsKeys: string[] = [];
  let configured = false;
  const visit = (value: unknown, name: string, underEncryption: boolean) => {
    const encryptionScope = underEncryption || ENCRYPTION_PROPERTY.test(name);
    if (Array.isArray(value)) return value.forEach((item) => visit(item, name, encryptionScope));
    if (value !== null && typeof value === 'object' && !isIntrinsic(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, key, encryptionScope);
      return;
    }
    if (!encryptionScope) return;
    configured = true;
    if (typeof value === 'string' && AWS_KEY_VALUE.test(value)) awsKeys.push(`${name}=${value}`);
    else if (value === true && MANAGED_SWITCH.test(name)) awsKeys.push(`${name}=true`);
    else if (KEY_PROPERTY.test(name)) keys.push(rendered(value));
  };
  for (const [name, value] of Object.entries(properties ?? {})) visit(value, name, false);
  return { keys: keys.sort(), awsKeys: awsKeys.sort(), configured };
}

/** A key reference as `cdk diff` shows it: `${Key.Arn}` for `{"Fn::GetAtt": ["Key", "Arn"]}`. */
function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = (value ?? {}) as Record<string, unknown>;
  const getAtt = object['Fn::GetAtt'];
  if (typeof object.Ref === 'string') return `\${${object.Ref}}`;
  if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
  return JSON.stringify(value);
}

/** `{Ref}`, `{Fn::GetAtt}`, `{Fn::Join}`...: a single value, not a nested property object. */
function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
