import { REDSHIFT_RESERVED_WORDS } from '../../contract/reserved-words';
import fc from 'fast-check';
import { Contract, parseContract, REASON_CODES } from '../../contract';

/**
 * Contracts whose datasets are arbitrary (columns of every type, storage, bound, default and
 * requiredness, rules over their numbers, a shuffled reason precedence, any reject threshold)
 * and whose star is the least a valid contract needs: one fact copying the first dataset's key.
 * Every one passes `contract check`, which `parseContract` runs.
 */
/** Names of at most 10 characters (never `surrogate_key_0`), none a Redshift reserved word. */
const identifier = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,9}$/)
  .filter((name) => !REDSHIFT_RESERVED_WORDS.has(name));

export const arbitraryDatasetContract: fc.Arbitrary<Contract> = fc
  .record({
    datasets: fc.uniqueArray(fc.tuple(identifier, dataset()), {
      minLength: 1,
      maxLength: 3,
      selector: ([name]) => name,
    }),
    reasonCodes: fc.shuffledSubarray([...REASON_CODES], { minLength: REASON_CODES.length }),
  })
  .map(({ datasets, reasonCodes }) => {
    const [first, firstSpec] = datasets[0];
    const key = firstSpec.columns.find((column) => column.name === firstSpec.key)!;
    return parseContract(
      JSON.stringify({
        version: '1.0.0',
        reasonCodes,
        datasets: Object.fromEntries(datasets),
        star: {
          [`${first}_fact`]: {
            kind: 'fact',
            source: first,
            surrogateKey: 'surrogate_key_0',
            naturalKey: key.name,
            columns: [
              { name: 'surrogate_key_0', type: 'bigint', nullable: false },
              { name: key.name, type: key.storage, nullable: false },
            ],
          },
        },
      }),
      { source: 'an arbitrary contract' },
    );
  });

interface ColumnDocument {
  name: string;
  type: string;
  required: boolean;
  storage: string;
  min?: number;
  max?: number;
  default?: string;
}

/** A column of any type but the key's. */
const column = (name: string): fc.Arbitrary<ColumnDocument> =>
  fc
    .oneof(
      fc.record({
        type: fc.constant('int'),
        storage: fc.constantFrom('smallint', 'integer', 'bigint'),
        min: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
        span: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
      }),
      // Narrow decimals come without bounds: the bounds below reach 5,009, beyond decimal(3,0).
      fc.record({
        type: fc.constant('dec'),
        storage: fc
          .integer({ min: 1, max: 18 })
          .chain((precision) =>
            fc
              .integer({ min: 0, max: Math.min(precision, 4) })
              .map((scale) => `decimal(${precision},${scale})`),
          ),
      }),
      fc.record({
        type: fc.constant('dec'),
        storage: fc
          .integer({ min: 6, max: 18 })
          .chain((precision) =>
            fc
              .integer({ min: 0, max: Math.min(precision - 6, 4) })
              .map((scale) => `decimal(${precision},${scale})`),
          ),
        min: fc.option(fc.integer({ min: -500, max: 9 }), { nil: undefined }),
        span: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
      }),
      fc.record({ type: fc.constant('date'), storage: fc.constant('date') }),
      fc.record({
        type: fc.constant('email'),
        storage: fc.integer({ min: 5, max: 64 }).map((n) => `varchar(${n})`),
      }),
      fc.record({
        type: fc.constant('string'),
        storage: fc.integer({ min: 1, max: 40 }).map((n) => `varchar(${n})`),
      }),
    )
    .chain((shape) =>
      fc.record({ required: fc.boolean(), zeroDefault: fc.boolean() }).map(({ required, zeroDefault }) => {
        const { min, span } = shape as { min?: number; span?: number };
        const numeric = shape.type === 'int' || shape.type === 'dec';
        return {
          name,
          type: shape.type,
          required,
          storage: shape.storage,
          ...(numeric && min !== undefined ? { min } : {}),
          ...(numeric && span !== undefined ? { max: (min ?? 0) + span } : {}),
          ...(numeric && !required && zeroDefault ? { default: String(Math.max(0, min ?? 0)) } : {}),
        };
      }),
    );

/** A dataset: a key (an int or a text, distinct enough for a few thousand rows), other columns, rules. */
function dataset() {
  return fc
    .record({
      key: fc.oneof(
        fc.record({ type: fc.constant('int'), storage: fc.constantFrom('integer', 'bigint') }),
        fc.record({
          type: fc.constant('string'),
          storage: fc.integer({ min: 4, max: 20 }).map((n) => `varchar(${n})`),
        }),
      ),
      names: fc.uniqueArray(identifier, { minLength: 1, maxLength: 6 }),
      rejectThreshold: fc.constantFrom(0.05, 0.2, 0.5),
    })
    .chain(({ key, names, rejectThreshold }) =>
      fc.tuple(...names.slice(1).map(column)).chain((others) => {
        const numbers = others.filter((c) => c.type === 'int' || c.type === 'dec').map((c) => c.name);
        const rules = numbers.length > 0 ? fc.array(rule(numbers), { maxLength: 2 }) : fc.constant([]);
        return rules.map((checks) => ({
          description: 'arbitrary',
          key: names[0],
          rejectThreshold,
          columns: [{ name: names[0], required: true, ...key }, ...others],
          rules: checks.map((check, i) => ({
            name: `rule_${i}`,
            code: 'RULE_VIOLATION',
            check,
            message: `rule ${i}`,
          })),
        }));
      }),
    );
}

/** `a <= b + literal`, `a <= literal`, or `a * 2 <= b + 1000`, over the dataset's numbers. */
function rule(numbers: readonly string[]) {
  const number = fc.constantFrom(...numbers);
  return fc.oneof(
    fc.tuple(number, number, fc.integer({ min: 0, max: 1000 })).map(([a, b, literal]) => ({
      lte: [a, { add: [b, { literal }] }],
    })),
    fc.tuple(number, fc.integer({ min: 10, max: 10000 })).map(([a, literal]) => ({ lte: [a, literal] })),
    fc.tuple(number, number).map(([a, b]) => ({ lte: [{ mul: [a, 2] }, { add: [b, 1000] }] })),
  );
}
