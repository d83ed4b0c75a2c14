import fc from 'fast-check';
import { defaultContract } from '../../../contract';
import { checkDate, DATE_NOT_A_DATE, DATE_OK, readDec, readInt } from '../../../core/validation/value-checks';

const pattern = (type: 'int' | 'dec' | 'date') =>
  new RegExp(defaultContract().spec.types[type].pattern ?? '');

/** Strings near the types' grammar, so that both answers are common. */
const numberish = fc.string({
  unit: fc.constantFrom('0', '1', '9', '-', '.', '+', ' ', 'e', 'x', '٣'),
  maxLength: 12,
});
const dateish = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '9', '-', '/'), minLength: 8, maxLength: 11 }),
  fc
    .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);

describe('value checks agree with the contract patterns', () => {
  test('int: readInt accepts exactly what the contract int pattern accepts, with the same value', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, fc.string()), (text) => {
        const value = readInt(Buffer.from(text), 0, Buffer.byteLength(text));
        expect(!Number.isNaN(value)).toBe(pattern('int').test(text));
        if (!Number.isNaN(value) && text.length < 16) expect(value).toBe(Number(text));
      }),
      { numRuns: 2000 },
    );
  });

  test('dec: readDec accepts exactly what the contract dec pattern accepts, in hundredths', () => {
    fc.assert(
      fc.property(fc.oneof(numberish, fc.string()), (text) => {
        const value = readDec(Buffer.from(text), 0, Buffer.byteLength(text));
        expect(!Number.isNaN(value)).toBe(pattern('dec').test(text));
        if (!Number.isNaN(value) && text.length < 14) expect(value).toBe(Math.round(Number(text) * 100) + 0);
      }),
      { numRuns: 2000 },
    );
  });

  test('date: checkDate accepts the contract date pattern, and only real calendar dates', () => {
    fc.assert(
      fc.property(fc.oneof(dateish, fc.string()), (text) => {
        const result = checkDate(Buffer.from(text), 0, Buffer.byteLength(text));
        expect(result !== DATE_NOT_A_DATE).toBe(pattern('date').test(text));
        if (result !== DATE_NOT_A_DATE) {
          const parsed = new Date(`${text}T00:00:00Z`);
          const real =
            !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text) && text >= '0001';
          expect(result === DATE_OK).toBe(real);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
