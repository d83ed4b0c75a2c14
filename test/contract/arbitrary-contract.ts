/**
 * fast-check arbitraries of VALID contract documents: random datasets, sourced dimensions, an
 * optional calendar dimension, one to three facts whose foreign keys resolve through their
 * source columns (several dates of one fact play roles on the calendar), copied and derived
 * columns, non-negative measures, optional batch_date, and every physical design, all with
 * types inside the storage bounds. Every document passes `contractProblems` (its own test
 * says so), so property tests can ask what the platform does with any contract a team may write.
 */
import fc from 'fast-check';
import { CALENDAR_COLUMNS, ContractDocument, DistributionStyle, Expression } from '../../contract';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type DatasetDocument = Mutable<ContractDocument['datasets'][string]>;
type ColumnDocument = Mutable<DatasetDocument['columns'][number]>;
type TableDocument = Mutable<ContractDocument['star'][string]>;
type StarColumnDocument = Mutable<TableDocument['columns'][number]>;

const FIELD_TYPES = ['int', 'dec', 'date', 'email', 'string'] as const;
type FieldType = (typeof FIELD_TYPES)[number];

/** A storage type within Redshift's bounds for a field type. */
function storageFor(type: FieldType): fc.Arbitrary<string> {
  switch (type) {
    case 'int':
      return fc.constantFrom('smallint', 'integer', 'bigint');
    case 'dec':
      return fc
        .integer({ min: 1, max: 38 })
        .chain((precision) =>
          fc
            .integer({ min: 0, max: Math.min(precision, 6) })
            .map((scale) => `decimal(${precision},${scale})`),
        );
    case 'date':
      return fc.constant('date');
    default:
      return fc
        .oneof(fc.integer({ min: 1, max: 512 }), fc.constant(65535))
        .map((length) => `varchar(${length})`);
  }
}

/** A dataset column that is not a key: any type, optional or required, numeric ones with bounds or a default. */
function attribute(name: string): fc.Arbitrary<ColumnDocument> {
  return fc
    .record({
      type: fc.constantFrom(...FIELD_TYPES),
      required: fc.boolean(),
      bounded: fc.boolean(),
      defaulted: fc.boolean(),
    })
    .chain(({ type, required, bounded, defaulted }) =>
      storageFor(type).map((storage): ColumnDocument => {
        const numeric = type === 'int' || type === 'dec';
        return {
          name,
          type,
          required,
          storage,
          ...(numeric && bounded ? { min: 0, max: 100 } : {}),
          ...(numeric && !required && defaulted ? { default: '0' } : {}),
        };
      }),
    );
}

const alwaysSet = (column: ColumnDocument) => column.required || column.default !== undefined;
const isText = (column: ColumnDocument) => column.type === 'string' || column.type === 'email';

/** The star column that copies a dataset column: its storage type, nullable unless always set (or by choice). */
function copy(column: ColumnDocument, nullable: boolean): StarColumnDocument {
  return { name: column.name, type: column.storage, nullable: nullable || !alwaysSet(column) };
}

/**
 * A derived column over `parts`: concat for text, add or mul for numbers; nullable when a part
 * may be null, in the source or in the table's own copy of it (`earlier`).
 */
function derived(
  name: string,
  parts: readonly ColumnDocument[],
  op: 'add' | 'mul',
  earlier: readonly StarColumnDocument[],
): StarColumnDocument {
  const nullable = parts.some(
    (part) => !alwaysSet(part) || earlier.some((column) => column.name === part.name && column.nullable),
  );
  if (parts.every(isText)) {
    const expression: Expression = {
      concat: [parts[0].name, { literal: ' ' }, ...parts.slice(1).map((p) => p.name)],
    };
    return { name, type: 'varchar(1024)', nullable, derived: expression };
  }
  return {
    name,
    type: 'decimal(38,4)',
    nullable,
    derived: op === 'add' ? { add: parts.map((p) => p.name) } : { mul: parts.map((p) => p.name) },
  };
}

/** Physical design: a distribution style (KEY on one of the columns) and an optional sort key. */
function physical(columns: readonly string[]): fc.Arbitrary<Partial<TableDocument>> {
  return fc
    .record({
      style: fc.option(fc.constantFrom<DistributionStyle>('all', 'even', 'auto', 'key'), { nil: undefined }),
      distKey: fc.constantFrom(...columns),
      sortKey: fc.option(fc.subarray([...columns], { maxLength: 2 }), { nil: undefined }),
    })
    .map(({ style, distKey, sortKey }) => ({
      ...(style === undefined ? {} : { distStyle: style }),
      ...(style === 'key' ? { distKey } : {}),
      ...(sortKey === undefined ? {} : { sortKey }),
    }));
}

interface Dimension {
  readonly table: string;
  readonly dataset: string;
  readonly key: ColumnDocument;
  readonly surrogateType: string;
  /** Keeps history (scd2): a fact's key into it names the date that picks the version. */
  readonly scd2: boolean;
}

/** A sourced dimension and its dataset. */
function dimension(
  index: number,
): fc.Arbitrary<{ dimension: Dimension; dataset: DatasetDocument; table: TableDocument }> {
  const prefix = `dim${index}`;
  return fc
    .record({
      keyStorage: fc.constantFrom('integer', 'bigint'),
      surrogateType: fc.constantFrom('integer', 'bigint'),
      attributes: fc
        .integer({ min: 0, max: 4 })
        .chain((count) =>
          fc.tuple(...Array.from({ length: count }, (_, i) => attribute(`${prefix}_attr${i}`))),
        ),
      copied: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      nullable: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      withDerived: fc.boolean(),
      scd2: fc.boolean(),
    })
    .chain(({ keyStorage, surrogateType, attributes, copied, nullable, withDerived, scd2: wanted }) => {
      const key: ColumnDocument = {
        name: `${prefix}_id`,
        type: 'int',
        required: true,
        min: 1,
        storage: keyStorage,
      };
      const texts = attributes.filter(isText);
      const columns: StarColumnDocument[] = [
        { name: `${prefix}_key`, type: surrogateType, nullable: false },
        { name: key.name, type: keyStorage, nullable: false },
        ...attributes.filter((_, i) => copied[i]).map((column, i) => copy(column, nullable[i])),
      ];
      if (withDerived && texts.length >= 2)
        columns.push(derived(`${prefix}_label`, texts.slice(0, 2), 'add', columns));
      // SCD2 tracks every attribute by default, so it needs one.
      const scd2 = wanted && columns.length > 2;
      return physical(columns.map((column) => column.name)).map((design) => ({
        dimension: { table: `${prefix}_dim`, dataset: `${prefix}_source`, key, surrogateType, scd2 },
        dataset: { description: `source of ${prefix}_dim`, key: key.name, columns: [key, ...attributes] },
        table: {
          kind: 'dimension',
          source: `${prefix}_source`,
          surrogateKey: `${prefix}_key`,
          naturalKey: key.name,
          ...(scd2 ? { history: 'scd2' as const } : {}),
          columns,
          ...design,
        },
      }));
    });
}

/** The calendar dimension: date_key and a random subset of the other calendar columns. */
const calendar: fc.Arbitrary<TableDocument> = fc
  // The schema wants at least two columns: date_key and one more.
  .subarray(
    Object.keys(CALENDAR_COLUMNS).filter((name) => name !== 'date_key'),
    { minLength: 1 },
  )
  .map((others) => ({
    kind: 'dimension',
    generated: 'calendar',
    surrogateKey: 'date_key',
    naturalKey: 'date_key',
    columns: ['date_key', ...others].map((name) => ({
      name,
      type: CALENDAR_COLUMNS[name as keyof typeof CALENDAR_COLUMNS],
      nullable: false,
    })),
  }));

/** A fact over some of the dimensions (and the calendar, through 0 to 2 date columns) and its dataset. */
function fact(
  index: number,
  dimensions: readonly Dimension[],
  calendarTable: string,
): fc.Arbitrary<{ dataset: DatasetDocument; table: TableDocument; usesCalendar: boolean }> {
  const prefix = `fact${index}`;
  return fc
    .record({
      referenced: fc.subarray([...dimensions]),
      dates: fc.integer({ min: 0, max: 2 }),
      viaRequired: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      measures: fc.integer({ min: 1, max: 3 }).chain((count) =>
        fc.tuple(
          ...Array.from({ length: count }, (_, i) =>
            fc.constantFrom<FieldType>('int', 'dec').chain((type) =>
              fc
                .record({
                  storage: storageFor(type),
                  required: fc.boolean(),
                })
                .map(({ storage, required }): ColumnDocument => ({
                  name: `${prefix}_m${i}`,
                  type,
                  required,
                  storage,
                  ...(required ? {} : { default: '0' }),
                })),
            ),
          ),
        ),
      ),
      nonNegative: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      withDerived: fc.boolean(),
      batchDate: fc.boolean(),
    })
    .chain(
      ({ referenced: candidates, dates, viaRequired, measures, nonNegative, withDerived, batchDate }) => {
        // A key into an scd2 dimension picks the version by a date column, so it needs one.
        const referenced = candidates.filter((dim) => !dim.scd2 || dates > 0);
        const key: ColumnDocument = {
          name: `${prefix}_id`,
          type: 'int',
          required: true,
          min: 1,
          storage: 'bigint',
        };
        const dateColumns = Array.from({ length: dates }, (_, i): ColumnDocument => ({
          name: `${prefix}_on${i}`,
          type: 'date',
          required: true,
          storage: 'date',
        }));
        const viaColumns = referenced.map((dim, i): ColumnDocument => ({
          ...dim.key,
          required: viaRequired[i],
          ...(viaRequired[i] ? {} : { min: 1 }),
        }));
        const foreignKeys: TableDocument['foreignKeys'] = Object.fromEntries([
          ...referenced.map((dim) => [
            `${dim.table}_key`,
            dim.scd2 ? { references: dim.table, asOf: `${prefix}_on0` } : dim.table,
          ]),
          // With two dates the calendar foreign keys must name their date column (role-playing dates).
          ...dateColumns.map((date) => [`${date.name}_key`, { references: calendarTable, via: date.name }]),
        ]);
        const fkColumns: StarColumnDocument[] = [
          ...referenced.map((dim) => ({
            name: `${dim.table}_key`,
            type: dim.surrogateType,
            nullable: false,
          })),
          ...dateColumns.map((date) => ({ name: `${date.name}_key`, type: 'integer', nullable: false })),
        ];
        const columns: StarColumnDocument[] = [
          { name: `${prefix}_key`, type: 'bigint', nullable: false },
          { name: key.name, type: 'bigint', nullable: false },
          ...fkColumns,
          ...measures.map((measure) => copy(measure, false)),
        ];
        if (withDerived && measures.length >= 2)
          columns.push(derived(`${prefix}_total`, measures.slice(0, 2), 'mul', columns));
        if (batchDate) columns.push({ name: 'batch_date', type: 'date', nullable: false });
        return physical(columns.map((column) => column.name)).map((design) => ({
          usesCalendar: dates > 0,
          dataset: {
            description: `source of ${prefix}`,
            key: key.name,
            columns: [key, ...dateColumns, ...viaColumns, ...measures],
          },
          table: {
            kind: 'fact',
            source: `${prefix}_source`,
            surrogateKey: `${prefix}_key`,
            naturalKey: key.name,
            foreignKeys,
            nonNegative: measures.filter((_, i) => nonNegative[i]).map((measure) => measure.name),
            columns,
            ...design,
          },
        }));
      },
    );
}

/** A valid contract document of a random domain. */
export const arbitraryContract: fc.Arbitrary<ContractDocument> = fc
  .record({
    dimensionCount: fc.integer({ min: 1, max: 3 }),
    factCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ dimensionCount, factCount }) =>
    fc.tuple(...Array.from({ length: dimensionCount }, (_, i) => dimension(i))).chain((dimensions) =>
      fc
        .tuple(
          calendar,
          ...Array.from({ length: factCount }, (_, i) =>
            fact(
              i,
              dimensions.map((d) => d.dimension),
              'calendar_dim',
            ),
          ),
        )
        .map(([calendarTable, ...facts]): ContractDocument => {
          const datasets: Record<string, DatasetDocument> = {};
          const star: Record<string, TableDocument> = {};
          for (const { dimension: dim, dataset, table } of dimensions) {
            datasets[dim.dataset] = dataset;
            star[dim.table] = table;
          }
          if (facts.some((f) => f.usesCalendar)) star.calendar_dim = calendarTable;
          facts.forEach(({ dataset, table }, i) => {
            datasets[`fact${i}_source`] = dataset;
            star[`fact${i}`] = table;
          });
          return { version: '1.0.0', datasets, star };
        }),
    ),
  );
