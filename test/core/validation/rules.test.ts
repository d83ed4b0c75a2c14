import fc from 'fast-check';
import { Expression, RowRule } from '../../../contract';
import { CompiledColumn } from '../../../core/validation/columns';
import { ABSENT, compileRule, EXACT, RuleOperands } from '../../../core/validation/rules';

/** Columns a, b (2 decimals) and n (an integer), as the validator compiles them. */
const COLUMNS = [
  { name: 'a', scale: 2 },
  { name: 'b', scale: 2 },
  { name: 'n', scale: 0 },
] as unknown as CompiledColumn[];

const rule = (left: Expression, right: Expression): RowRule => ({
  name: 'r',
  code: 'RULE_VIOLATION',
  check: { lte: [left, right] },
  message: 'left must not exceed right',
});

/** A row of scaled values (hundredths for a and b); undefined is an empty field. */
function row(values: (bigint | undefined)[]): RuleOperands {
  return {
    value: Float64Array.from(values, (v) => Number(v ?? 0)),
    state: Uint8Array.from(values, (v) => (v === undefined ? ABSENT : EXACT)),
    big: (column) => values[column]!,
  };
}

describe('contract rules (compiled expressions)', () => {
  test('sub and a literal: a - b <= 1.5', () => {
    const compiled = compileRule(rule({ sub: ['a', 'b'] }, { literal: '1.5' }), COLUMNS);
    expect(compiled.violated(row([500n, 350n, 0n]))).toBe(false); // 5.00 - 3.50 = 1.50
    expect(compiled.violated(row([500n, 349n, 0n]))).toBe(true); // 1.51
    expect(compiled.columns).toEqual([0, 1]);
  });

  test('add and mul across scales: a + b <= n * 2', () => {
    const compiled = compileRule(rule({ add: ['a', 'b'] }, { mul: ['n', 2] }), COLUMNS);
    expect(compiled.violated(row([100n, 100n, 1n]))).toBe(false); // 2.00 <= 2
    expect(compiled.violated(row([100n, 101n, 1n]))).toBe(true); // 2.01 > 2
  });

  test('an empty operand never violates, as a comparison with NULL in SQL', () => {
    const compiled = compileRule(rule({ sub: ['a', 'b'] }, 0), COLUMNS);
    expect(compiled.violated(row([500n, undefined, 0n]))).toBe(false);
  });

  test('stays exact where doubles would not: huge terms that cancel', () => {
    const huge = 2n ** 60n;
    const compiled = compileRule(rule({ sub: ['a', 'b'] }, 0), COLUMNS);
    expect(compiled.violated(row([huge + 1n, huge, 0n]))).toBe(true);
    expect(compiled.violated(row([huge, huge, 0n]))).toBe(false);
  });

  test('agrees with exact integer arithmetic for any values', () => {
    const value = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });
    const compiled = compileRule(rule({ sub: [{ mul: ['a', 'n'] }, 'b'] }, { add: ['b', 'a'] }), COLUMNS);
    fc.assert(
      fc.property(value, value, fc.bigInt({ min: -1000n, max: 1000n }), (a, b, n) => {
        // In hundredths: a*n - b <= b + a.
        const expected = a * n - b > b + a;
        expect(compiled.violated(row([a, b, n]))).toBe(expected);
      }),
    );
  });

  test('fails on concat, whose text a rule cannot compare', () => {
    expect(() => compileRule(rule({ concat: ['a', 'b'] }, 0), COLUMNS)).toThrow(
      /rule r: concat makes text, which a rule cannot compare/,
    );
  });

  test('fails on a literal that is not a number', () => {
    expect(() => compileRule(rule('a', { literal: 'x' }), COLUMNS)).toThrow(
      /rule r: literal "x" is not a number/,
    );
  });
});
