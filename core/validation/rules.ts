import { ReasonCode, RowRule, RuleExpr } from '../../contract';
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
 * Compiles `{ lte: [a, b] }` over column names and `{ mul: [...] }`. Arithmetic is exact:
 * numbers while every intermediate is a safe integer, BigInt otherwise.
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

function compileExpr(expr: RuleExpr, columns: readonly CompiledColumn[], ruleName: string): Expr {
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
  const factors = expr.mul.map((factor) => compileExpr(factor, columns, ruleName));
  return {
    scale: factors.reduce((sum, factor) => sum + factor.scale, 0),
    columns: factors.flatMap((factor) => factor.columns),
    num: (row) => {
      let product = 1;
      for (let i = 0; i < factors.length; i++) product *= factors[i].num(row);
      return product;
    },
    big: (row) => factors.reduce((product, factor) => product * factor.big(row), 1n),
  };
}
