/**
 * Exact arithmetic over a generated row's text values, for the generator's own checks of the
 * rules and derived columns a row must meet (independently of the validator it feeds): a number
 * is a BigInt scaled by a power of ten, so 0.1 + 0.2 is 0.3.
 */
import { Expression } from '../../contract';
import { compound, literalValue } from '../../contract/expressions';

/** `n / 10^scale`. */
export interface Exact {
  readonly n: bigint;
  readonly scale: number;
}

/** A value as an expression reads it: a number, text, or absent (an empty value, SQL NULL). */
export type Operand = Exact | string | undefined;

/** The exact value of a decimal text such as `-12.5`. */
export function exact(text: string): Exact {
  const [whole, fraction = ''] = text.split('.');
  return { n: BigInt(whole + fraction), scale: fraction.length };
}

const rescale = (value: Exact, scale: number): bigint => value.n * 10n ** BigInt(scale - value.scale);

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compareExact(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const [x, y] = [rescale(a, scale), rescale(b, scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * An expression's value over a row: column values come from `column` (undefined when absent).
 * Arithmetic or concat with an absent operand is absent, as in SQL.
 */
export function evaluate(expr: Expression, column: (name: string) => Operand): Operand {
  if (typeof expr === 'string') return column(expr);
  const literal = literalValue(expr);
  if (typeof literal === 'number') return exact(String(literal));
  if (typeof literal === 'string') return literal;
  const { op, operands } = compound(expr)!;
  const values = operands.map((operand) => evaluate(operand, column));
  if (values.some((value) => value === undefined)) return undefined;
  if (op === 'concat')
    return values.map((value) => (typeof value === 'string' ? value : format(value!))).join('');
  const numbers = values as Exact[];
  if (op === 'mul')
    return numbers.reduce((product, value) => ({
      n: product.n * value.n,
      scale: product.scale + value.scale,
    }));
  const scale = Math.max(...numbers.map((value) => value.scale));
  const terms = numbers.map((value, i) => (op === 'sub' && i > 0 ? -1n : 1n) * rescale(value, scale));
  return { n: terms.reduce((sum, term) => sum + term, 0n), scale };
}

/** Decimal text of an exact value. */
export function format(value: Exact): string {
  const negative = value.n < 0n;
  const digits = (negative ? -value.n : value.n).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
