/**
 * Splits a SQL file into its statements. The Data API runs one statement per SQL string, so a
 * file of several (the access grants) becomes several strings of one transaction. Semicolons
 * inside quotes, double-quoted identifiers and `--` comments do not split.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i];
    if (quote) {
      current += char;
      if (char === quote) quote = undefined;
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      current += sql.slice(i, stop);
      i = stop - 1;
    } else if (char === ';') {
      statements.push(current);
      current = '';
    } else {
      if (char === "'" || char === '"') quote = char;
      current += char;
    }
  }
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter((statement) => hasCode(statement));
}

/** A statement with something besides comments and blanks. */
function hasCode(statement: string): boolean {
  return statement.split('\n').some((line) => line.replace(/--.*$/, '').trim() !== '');
}
