import { Expression, ReasonCode, RowRule } from '../../contract';
import { compound, literalValue } from '../../contract/expressions';
import { CompiledColumn } from './columns';

/** A row's numeric values by contract column: what compiled rules read. */
export interface RuleOperands {
  /** Scaled value per column; meaningful when `state` is EXACT. */
  readonly value: Float64Array;
  /** ABSENT, EXACT or BIG per column. */
  readonly state: Uint8Array;
  /** The exact scaled value of a column whose state is BIG (or EXACT). */
  big(column: number): bigint;
}

export const ABSENT = 0;
export const EXACT = 1;
export const BIG = 2;

/** A contract rule compiled against the dataset's columns. */
export interface CompiledRule {
  readonly name: string;
  readonly code: ReasonCode;
  readonly message: string;
  /** Contract column indexes the rule reads, for the rejection message. */
  readonly columns: readonly number[];
  /** True when the row breaks the rule; false when it holds or an operand is empty. */
  violated(row: RuleOperands): boolean;
}

interface Expr {
  readonly scale: number;
  readonly columns: readonly number[];
  num(row: RuleOperands): number;
  big(row: RuleOperands): bigint;
}

/**
 * Compiles `{ lte: [a, b] }` over the contract's expressions (columns, numeric literals, add,
 * sub, mul). Arithmetic is exact: numbers while every intermediate is a safe integer, BigInt
 * otherwise.
 */
export function compileRule(rule: RowRule, columns: readonly CompiledColumn[]): CompiledRule {
  const [left, right] = rule.check.lte.map((expr) => compileExpr(expr, columns, rule.name));
  const scale = Math.max(left.scale, right.scale);
  const leftFactor = 10 ** (scale - left.scale);
  const rightFactor = 10 ** (scale - right.scale);
  const used = [...new Set([...left.columns, ...right.columns])];
  const usedCount = used.length;
  return {
    name: rule.name,
    code: rule.code,
    message: rule.message,
    columns: used,
    violated(row) {
      let exact = true;
      for (let i = 0; i < usedCount; i++) {
        const state = row.state[used[i]];
        if (state === ABSENT) return false; // like SQL: a comparison with NULL is not a violation
        if (state !== EXACT) exact = false;
      }
      if (exact) {
        const l = left.num(row) * leftFactor;
        const r = right.num(row) * rightFactor;
        // |factors| >= 1, so any unsafe intermediate leaves an unsafe result.
        if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l > r;
      }
      return left.big(row) * BigInt(leftFactor) > right.big(row) * BigInt(rightFactor);
    },
  };
}

function compileExpr(expr: Expression, columns: readonly CompiledColumn[], ruleName: string): Expr {
  if (typeof expr === 'string') {
    const index = columns.findIndex((column) => column.name === expr);
    if (index < 0) throw new Error(`rule ${ruleName}: unknown column "${expr}"`);
    return {
      scale: columns[index].scale,
      columns: [index],
      num: (row) => row.value[index],
      big: (row) => row.big(index),
    };
  }
  const literal = literalValue(expr);
  if (literal !== undefined) return literalExpr(literal, ruleName);
  const { op, operands } = compound(expr)!;
  const parts = operands.map((operand) => compileExpr(operand, columns, ruleName));
  const used = parts.flatMap((part) => part.columns);
  if (op === 'mul') {
    return {
      scale: parts.reduce((sum, part) => sum + part.scale, 0),
      columns: used,
      num: (row) => {
        let product = 1;
        for (let i = 0; i < parts.length; i++) product *= parts[i].num(row);
        return product;
      },
      big: (row) => parts.reduce((product, part) => product * part.big(row), 1n),
    };
  }
  if (op === 'concat') throw new Error(`rule ${ruleName}: concat makes text, which a rule cannot compare`);
  // add and sub: terms brought to the widest scale, then summed with their signs.
  const scale = Math.max(...parts.map((part) => part.scale));
  const factors = parts.map((part) => 10 ** (scale - part.scale));
  const signs = parts.map((_, index) => (op === 'sub' && index > 0 ? -1 : 1));
  return {
    scale,
    columns: used,
    // Terms of opposite signs can cancel, so an unsafe term must not yield a safe-looking
    // total: NaN sends the comparison to the BigInt path.
    num: (row) => {
      let total = 0;
      for (let i = 0; i < parts.length; i++) {
        const term = signs[i] * parts[i].num(row) * factors[i];
        if (!Number.isSafeInteger(term)) return Number.NaN;
        total += term;
      }
      return total;
    },
    big: (row) =>
      parts.reduce((total, part, i) => total + BigInt(signs[i]) * part.big(row) * BigInt(factors[i]), 0n),
  };
}

/** A numeric literal as a scaled integer, like a column value of the same scale. */
function literalExpr(literal: string | number, ruleName: string): Expr {
  const text = String(literal);
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(text)) {
    throw new Error(`rule ${ruleName}: literal ${JSON.stringify(literal)} is not a number`);
  }
  const scale = text.split('.')[1]?.length ?? 0;
  const scaled = BigInt(text.replace('.', ''));
  return { scale, columns: [], num: () => Number(scaled), big: () => scaled };
}
