/**
 * The contract's expression form, shared by row rules (`check`) and derived star columns
 * (`derived`): a string names a column; `{ "literal": value }` (or a bare number) is a value;
 * `{ "add" | "mul" | "concat": [e, ...] }` and `{ "sub": [a, b] }` combine expressions.
 * One definition here; the validator compiles it, the Spark job evaluates it, and the quality
 * checks and DQDL render it to SQL.
 */

export type Expression =
  | string
  | number
  | { readonly literal: string | number }
  | { readonly add: readonly Expression[] }
  | { readonly sub: readonly [Expression, Expression] }
  | { readonly mul: readonly Expression[] }
  | { readonly concat: readonly Expression[] };

export const OPERATORS = ['add', 'sub', 'mul', 'concat'] as const;
export type Operator = (typeof OPERATORS)[number];

/** The operator and operands of a compound expression, or undefined for a column or literal. */
export function compound(
  expr: Expression,
): { readonly op: Operator; readonly operands: readonly Expression[] } | undefined {
  if (typeof expr !== 'object' || 'literal' in expr) return undefined;
  const op = OPERATORS.find((name) => name in expr);
  if (op === undefined)
    throw new Error(
      `unknown expression ${JSON.stringify(expr)}: use one of literal, ${OPERATORS.join(', ')}`,
    );
  return { op, operands: (expr as Record<Operator, readonly Expression[]>)[op] };
}

/** A literal's value, or undefined. */
export function literalValue(expr: Expression): string | number | undefined {
  if (typeof expr === 'number') return expr;
  if (typeof expr === 'object' && 'literal' in expr) return expr.literal;
  return undefined;
}

/** The column names an expression reads, in first-use order. */
export function expressionColumns(expr: Expression): string[] {
  if (typeof expr === 'string') return [expr];
  const parts = compound(expr);
  return parts ? [...new Set(parts.operands.flatMap(expressionColumns))] : [];
}

/** Whether the expression yields text (any concat) rather than a number. */
export function isTextExpression(expr: Expression): boolean {
  return compound(expr)?.op === 'concat' || typeof literalValue(expr) === 'string';
}

const SQL_OPERATOR: Record<Exclude<Operator, 'concat'>, string> = { add: ' + ', sub: ' - ', mul: ' * ' };

/**
 * The expression as SQL that Redshift, PostgreSQL and Spark SQL all accept (`||` concatenates,
 * text literals are quoted with '' escaping). `column` renders a column reference; the caller
 * decides on validation and quoting of identifiers.
 */
export function expressionSql(expr: Expression, column: (name: string) => string = (name) => name): string {
  if (typeof expr === 'string') return column(expr);
  const literal = literalValue(expr);
  if (typeof literal === 'number') return String(literal);
  if (typeof literal === 'string') return `'${literal.replace(/'/g, "''")}'`;
  const { op, operands } = compound(expr)!;
  const rendered = operands.map((operand) => {
    const sql = expressionSql(operand, column);
    return compound(operand) ? `(${sql})` : sql;
  });
  return rendered.join(op === 'concat' ? ' || ' : SQL_OPERATOR[op]);
}

/** A name for the expression, e.g. `gross_amount_minus_discount`, for check and rule names. */
export function expressionName(expr: Expression): string {
  if (typeof expr === 'string') return expr;
  const literal = literalValue(expr);
  if (literal !== undefined) return String(literal).replace(/[^A-Za-z0-9]+/g, '_') || 'text';
  const { op, operands } = compound(expr)!;
  const word = { add: 'plus', sub: 'minus', mul: 'times', concat: 'concat' }[op];
  return operands.map(expressionName).join(`_${word}_`);
}

/**
 * The derived columns of a star table that can be re-checked on the table itself: those whose
 * expression reads only columns the table keeps (gross_amount = quantity * unit_price can;
 * full_name = first_name || ' ' || last_name cannot, as the dimension drops the parts).
 */
export function checkableDerivations(
  columns: readonly { readonly name: string; readonly derived?: Expression }[],
): {
  readonly column: string;
  readonly expression: Expression;
}[] {
  const names = new Set(columns.map((column) => column.name));
  return columns.flatMap((column) =>
    column.derived !== undefined && expressionColumns(column.derived).every((name) => names.has(name))
      ? [{ column: column.name, expression: column.derived }]
      : [],
  );
}
