/**
 * Turns one Redshift statement into what the local PostgreSQL (PGlite) runs, changing only
 * physical design, which PostgreSQL has no use for, and where COPY reads from:
 *
 *   - DISTSTYLE {ALL|EVEN|KEY|AUTO}, DISTKEY (col), [COMPOUND|INTERLEAVED] SORTKEY (cols) and
 *     SORTKEY AUTO table attributes, and the DISTKEY / SORTKEY / ENCODE x column attributes,
 *     are removed;
 *   - `ALTER TABLE ... ADD [CONSTRAINT c] FOREIGN KEY ...` gets NOT VALID: Redshift's keys are
 *     informational and never checked, and PostgreSQL would otherwise check the existing rows
 *     (a migration gives old fact rows the Unknown member before the new dimension holds it);
 *   - `COPY schema.table FROM 's3://bucket/prefix/' IAM_ROLE ... FORMAT AS PARQUET` becomes a
 *     `copyParquet` instruction that the local executor carries out from a local folder.
 *
 * Everything else (types, keys, MERGE, CTEs, casts) must already be valid in both dialects;
 * a statement that is not is a bug in sql/, and the PGlite tests are there to find it.
 * Comments are dropped; string literals are never touched.
 */

export type PostgresStatement =
  | { readonly kind: 'sql'; readonly sql: string }
  | { readonly kind: 'copyParquet'; readonly table: string; readonly s3Uri: string };

const PHYSICAL_CLAUSES: readonly RegExp[] = [
  /\bdiststyle\s+(?:all|even|key|auto)\b/gi,
  /\bdistkey\s*\(\s*\w+\s*\)/gi,
  /\b(?:compound\s+|interleaved\s+)?sortkey\s*(?:\([\w\s,]*\)|\bauto\b)/gi,
  /\bencode\s+\w+/gi,
  // Column attributes, left once the table attributes above are gone.
  /\b(?:distkey|sortkey)\b/gi,
];

const ADD_FOREIGN_KEY = /^alter\s+table\s+[\w.]+\s+add\s+(?:constraint\s+\w+\s+)?foreign\s+key\b/i;

const COPY_FROM_S3 =
  /^copy\s+(\w+\.\w+)\s+from\s+\uE000(\d+)\uE001\s+iam_role\s+(?:default|\uE000\d+\uE001)\s+format\s+as\s+parquet\s*;?$/i;

export function redshiftToPostgres(sql: string): PostgresStatement {
  const { code, literals } = maskLiteralsAndDropComments(sql);
  const trimmed = code.trim();
  const copy = COPY_FROM_S3.exec(trimmed);
  if (copy) {
    const s3Uri = literals[Number(copy[2])].slice(1, -1).replace(/''/g, "'");
    return { kind: 'copyParquet', table: copy[1].toLowerCase(), s3Uri };
  }
  if (/^copy\b[\s\S]*\bs3:\/\//i.test(unmask(trimmed, literals))) {
    throw new Error(`unsupported COPY form (only FROM 's3://...' IAM_ROLE ... FORMAT AS PARQUET): ${sql}`);
  }
  const postgres = PHYSICAL_CLAUSES.reduce((text, clause) => text.replace(clause, ' '), trimmed)
    .replace(/[ \t]+\n/g, '\n')
    .trim()
    .replace(/;$/, '');
  const unchecked = ADD_FOREIGN_KEY.test(postgres) ? `${postgres} not valid` : postgres;
  return { kind: 'sql', sql: unmask(unchecked, literals) };
}

/**
 * Replaces each quoted literal or identifier with a marker of private-use characters, and
 * removes -- and /* *\/ comments.
 */
function maskLiteralsAndDropComments(sql: string): { code: string; literals: string[] } {
  const literals: string[] = [];
  const code = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, (token) => {
    if (token.startsWith('--') || token.startsWith('/*')) return ' ';
    literals.push(token);
    return `\uE000${literals.length - 1}\uE001`;
  });
  return { code, literals };
}

function unmask(code: string, literals: readonly string[]): string {
  return code.replace(/\uE000(\d+)\uE001/g, (_, index: string) => literals[Number(index)]);
}
