/**
 * Fills the `{{ slot }}` placeholders of the templates under sql/load and sql/quality.
 * A slot only accepts a SqlFragment, and fragments come from three constructors: contract
 * identifiers, `:name` value parameters, and S3 URIs built from validated pieces. Nothing
 * from an event is ever spliced into SQL text.
 */

declare const fragmentBrand: unique symbol;
export type SqlFragment = string & { readonly [fragmentBrand]: true };

// Redshift identifiers are at most 127 bytes (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html).
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,126}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_KEY_PREFIX = /^[A-Za-z0-9_./=-]+\/$/;
const SLOT = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;

/** A lowercase SQL identifier, e.g. a table or column name from the contract. */
export function identifier(name: string): SqlFragment {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain lowercase SQL identifier`);
  return name as SqlFragment;
}

/** Identifiers joined with ", ", optionally each qualified as `qualifier.name`. */
export function identifierList(names: readonly string[], qualifier?: string): SqlFragment {
  const prefix = qualifier === undefined ? '' : `${identifier(qualifier)}.`;
  return names.map((name) => prefix + identifier(name)).join(', ') as SqlFragment;
}

/** `name = qualifier.name, ...`: the SET list of an UPDATE from a source table. */
export function assignmentList(names: readonly string[], qualifier: string): SqlFragment {
  return names
    .map((name) => `${identifier(name)} = ${identifier(qualifier)}.${name}`)
    .join(', ') as SqlFragment;
}

/** A `:name` placeholder; the executor binds the value. */
export function parameter(name: string): SqlFragment {
  return `:${identifier(name)}` as SqlFragment;
}

/**
 * A quoted `s3://bucket/prefix/` literal. COPY's FROM takes a literal, not a bound value, so
 * the URI is built from a validated bucket name and key prefix that cannot contain quotes.
 */
export function s3UriLiteral(bucket: string, keyPrefix: string): SqlFragment {
  if (!BUCKET_NAME.test(bucket)) throw new Error(`"${bucket}" is not a valid S3 bucket name`);
  if (!S3_KEY_PREFIX.test(keyPrefix) || keyPrefix.includes('..')) {
    throw new Error(`"${keyPrefix}" is not a safe S3 key prefix ending in "/"`);
  }
  return `'s3://${bucket}/${keyPrefix}'` as SqlFragment;
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/;
const STREAM_NAME = /^[a-z0-9_.-]{1,128}$/;

/** A quoted IAM role ARN literal, for `IAM_ROLE '<arn>'` (Redshift takes no bound value there). */
export function iamRoleArnLiteral(arn: string): SqlFragment {
  if (!IAM_ROLE_ARN.test(arn)) throw new Error(`"${arn}" is not an IAM role ARN`);
  return `'${arn}'` as SqlFragment;
}

/**
 * A Kinesis stream name as a double-quoted identifier (it may hold `-` and `.`). Lowercase
 * only: Redshift folds unquoted case and matches quoted names case-insensitively by default.
 */
export function streamNameIdentifier(name: string): SqlFragment {
  if (!STREAM_NAME.test(name)) throw new Error(`"${name}" is not a lowercase Kinesis stream name`);
  return `"${name}"` as SqlFragment;
}

/** The slot names a template uses, e.g. to pick a file's values from a larger set. */
export function templateSlots(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(SLOT), (match) => match[1]))];
}

/** Fills every `{{ slot }}`; a slot without a value, or a value without a slot, is an error. */
export function renderSql(template: string, slots: Readonly<Record<string, SqlFragment>>): string {
  const used = new Set<string>();
  const sql = template.replace(SLOT, (_, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`SQL template slot {{ ${name} }} has no value`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(slots).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`SQL template has no slot for ${unused.join(', ')}`);
  return sql;
}

/** A parameter value for a timestamp column: `YYYY-MM-DD HH:MM:SS.mmm` in UTC, which
 *  Redshift and PostgreSQL both cast to timestamp. */
export function sqlTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
