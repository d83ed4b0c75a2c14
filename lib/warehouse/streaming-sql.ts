/**
 * The streaming migrations of one contract event, generated at synth and packaged with the
 * migrations Lambda under `sql/streaming/` (where the handler reads versioned files, and
 * fills the `{{ streaming_role_arn }}` and `{{ stream_name }}` slots at deploy time):
 *
 *   0014  the stream as an external schema, `<event>s_stream`
 *   0015  the auto-refreshed streaming view of parsed records, `staging.mv_<event>s`
 *   0016  the typed view, `staging.<event>s`: one column per envelope field and dataset column
 *
 * 0014 and 0015 depend on the event's name only; for the sales example they are, byte for
 * byte, the files deployed warehouses recorded. The typed view follows the event's dataset, so
 * its version carries a hash of its text: a contract change that alters it is a new migration,
 * which drops and creates the view (Redshift replaces a view in place only with the identical
 * columns: https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_VIEW.html). Views over it
 * (such as the sales example's former `presentation.sales_today_by_region`, which generic code
 * no longer ships) are the deployment's own.
 */
import { createHash } from 'node:crypto';
import { ColumnSpec, Contract, EnvelopeFieldSpec } from '../../contract';
import { storageType } from '../../contract/storage-types';
import { eventsTitle } from '../streaming/streamed-event';

/** A generated migration file: its name (the version) and its text, as a file would hold it. */
export interface StreamingSqlFile {
  readonly name: string;
  readonly sql: string;
}

/** Redshift identifiers are at most 127 bytes (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html). */
const MAX_IDENTIFIER = 127;

/** The objects streaming ingestion of `event` creates, named after the event's plural. */
export function streamingObjectNames(event: string): {
  readonly externalSchema: string;
  readonly streamingView: string;
  readonly typedView: string;
} {
  const events = `${event}s`;
  const names = { externalSchema: `${events}_stream`, streamingView: `mv_${events}`, typedView: events };
  for (const name of Object.values(names)) {
    if (name.length > MAX_IDENTIFIER)
      throw new Error(
        `event ${event}: the streaming object ${name} is longer than Redshift's ${MAX_IDENTIFIER}-byte identifiers; shorten the event name`,
      );
  }
  return names;
}

/** The three streaming migrations of one contract event. */
export function streamingMigrations(contract: Contract, event: string): StreamingSqlFile[] {
  const names = streamingObjectNames(event);
  const typed = typedView(contract, event);
  const hash = createHash('sha256').update(typed).digest('hex').slice(0, 8);
  return [
    { name: `0014_create_external_schema_${names.externalSchema}`, sql: externalSchema(event) },
    { name: `0015_create_${names.streamingView}`, sql: streamingView(event) },
    { name: `0016_create_${names.typedView}_${hash}`, sql: typed },
  ];
}

/** `sale_event` → `sale event`, for comments. */
const words = (event: string): string => event.replace(/_/g, ' ');

function externalSchema(event: string): string {
  const { externalSchema: schema } = streamingObjectNames(event);
  return `-- The ${words(event)} stream as an external schema: Redshift streaming ingestion reads Kinesis
-- itself, assuming the role StreamingIngestion creates (read on that one stream, decrypt).
-- Applied only on AWS, when the stack wires the stream in (docs/streaming.md).
create external schema if not exists ${schema}
from kinesis
iam_role {{ streaming_role_arn }};
`;
}

function streamingView(event: string): string {
  const { externalSchema: schema, streamingView: view, typedView } = streamingObjectNames(event);
  return `-- ${eventsTitle(event)} as the stream delivers them, refreshed by Redshift as records arrive. Each
-- record is parsed once, into SUPER, as AWS recommends for streaming ingestion (Redshift
-- guide, materialized-view-streaming-ingestion-getting-started.html); the view
-- staging.${typedView} reads typed fields from it. Records that are not JSON are left out, so
-- none can fail a refresh; the contract's full rules are applied by the stream consumer and
-- the batch path, which are the truth.
-- No WITH clause and no joins: a streaming view must be refreshable incrementally.
-- Physical design is left to Redshift (DISTSTYLE AUTO, SORTKEY AUTO): its size and queries
-- are unknown until it runs.
create materialized view staging.${view}
auto refresh yes
as
select
    shard_id,
    sequence_number,
    approximate_arrival_timestamp,
    json_parse(kinesis_data) as payload
from ${schema}.{{ stream_name }}
where can_json_parse(kinesis_data);
`;
}

/** A SQL string literal. */
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * A contract envelope pattern (a JavaScript regular expression) as a Redshift POSIX one:
 * the escapes Redshift would read differently become bracket expressions, and any other
 * escape is refused rather than guessed at.
 */
export function posixPattern(pattern: string, where: string): string {
  const escapes: Record<string, string> = { '.': '[.]', '-': '[-]', d: '[0-9]' };
  let inBracket = false;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      const replacement = inBracket ? undefined : escapes[next];
      if (replacement === undefined)
        throw new Error(
          `${where}: the streaming view cannot translate the escape \\${next ?? ''} of pattern ${pattern}; write it without a backslash (e.g. [.] for \\.)`,
        );
      out += replacement;
      i++;
      continue;
    }
    if (char === '[') inBracket = true;
    if (char === ']') inBracket = false;
    out += char;
  }
  return out;
}

/** A column of the typed view. */
interface TypedField {
  readonly name: string;
  /** The select expression over the `records` CTE, without its alias. */
  readonly expression: string;
}

/**
 * A CASE expression laid out as the select list's other lines (four-space indents). CASE tries
 * its conditions in order, so a cast runs only on text its condition accepted.
 */
const caseWhen = (conditions: readonly [string, string][], otherwise?: string): string =>
  `case\n${conditions.map(([when, then]) => `        when ${when} then ${then}\n`).join('')}` +
  `${otherwise === undefined ? '' : `        else ${otherwise}\n`}    end`;

/** YYYY-MM-DD with a year from 0001, a month 01-12 and a day 01-31. */
const DATE_TEXT =
  '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

/** A storage type as the SQL files spell it: `decimal(12, 2)`. */
const sqlType = (storage: string): string => storage.replace(/,\s*/, ', ');

function envelopeField(field: EnvelopeFieldSpec, where: string): TypedField | undefined {
  if (field.type === 'const') return undefined; // a filter of the view, not a column
  const value = field.type === 'uuid' ? `lower(${field.name})` : `cast(${field.name} as timestamptz)`;
  if (!field.pattern) return { name: field.name, expression: value };
  const matches = `${field.name} ~ ${literal(posixPattern(field.pattern, where))}`;
  return { name: field.name, expression: caseWhen([[matches, value]]) };
}

/**
 * A dataset column, cast to its storage type when its text fits that type, so that no record
 * can fail a query; the contract's own rules (patterns, bounds, row rules) are the consumer's.
 */
function datasetColumn(column: ColumnSpec): TypedField {
  const { name } = column;
  const type = storageType(column.storage);
  const conditions: [string, string][] = [];
  if (column.default !== undefined)
    conditions.push([`coalesce(${name}, '') = ''`, defaultValue(column.default, column.storage)]);
  switch (type.kind) {
    case 'integer': {
      // The most digits that always fit: smallint 4, integer 9, bigint 18.
      const digits = { 2: 4, 4: 9, 8: 18 }[type.bytes];
      conditions.push([`${name} ~ '^-?[0-9]{1,${digits}}$'`, `cast(${name} as ${column.storage})`]);
      break;
    }
    case 'decimal': {
      const whole = type.precision - type.scale;
      const fraction = type.scale > 0 ? `([.][0-9]{1,${type.scale}})?` : '';
      conditions.push([
        `${name} ~ '^-?[0-9]{1,${whole}}${fraction}$'`,
        `cast(${name} as ${sqlType(column.storage)})`,
      ]);
      break;
    }
    case 'date': {
      // TO_DATE carries an impossible day (30 February) over into the next month instead of
      // failing (https://docs.aws.amazon.com/redshift/latest/dg/r_TO_DATE_function.html): the
      // round trip, tried only on text of a date's shape, keeps real dates alone.
      const date = `to_date(${name}, 'YYYY-MM-DD')`;
      conditions.push([
        `${name} ~ '${DATE_TEXT}'`,
        `case when to_char(${date}, 'YYYY-MM-DD') = ${name} then ${date} end`,
      ]);
      break;
    }
    case 'boolean':
      conditions.push([`lower(${name}) in ('true', 'false')`, `cast(${name} as boolean)`]);
      break;
    case 'varchar':
      return { name, expression: conditions.length === 0 ? name : caseWhen(conditions, name) };
  }
  return { name, expression: caseWhen(conditions) };
}

function defaultValue(value: string, storage: string): string {
  return storageType(storage).kind === 'varchar'
    ? literal(value)
    : `cast(${literal(value)} as ${sqlType(storage)})`;
}

function typedView(contract: Contract, event: string): string {
  const spec = contract.event(event);
  const { streamingView: source, typedView: view } = streamingObjectNames(event);
  const dataset = contract.dataset(spec.dataset);
  const where = `events.${event}`;
  const clash = spec.envelope.find((field) => dataset.columns.some((column) => column.name === field.name));
  if (clash)
    throw new Error(
      `${where}: envelope field ${clash.name} is also a column of dataset ${spec.dataset}; the typed view needs distinct names`,
    );
  const fields = [
    ...spec.envelope.flatMap((field) => envelopeField(field, `${where}.envelope.${field.name}`) ?? []),
    ...dataset.columns.map(datasetColumn),
  ];
  const constants = spec.envelope.filter((field) => field.type === 'const');
  const raw = [...spec.envelope.map((field) => field.name), ...dataset.columns.map((column) => column.name)];
  const indent = (lines: readonly string[], spaces: number) =>
    lines.map((line) => `${' '.repeat(spaces)}${line}`).join(',\n');
  return `-- ${eventsTitle(event)} from the parsed stream records (staging.${source}), one column per field
-- of the contract's ${event}: its envelope, then the columns of dataset ${spec.dataset}.
-- Navigation into the SUPER payload, no second parse. A field is typed only when its text
-- fits its type, else it is null, so no record can fail a query; fields arrive as JSON
-- strings or numbers, and json_serialize gives both as text (a string with its quotes, which
-- btrim removes). Generated from the contract (lib/warehouse/streaming-sql.ts): a change to
-- the event's fields is a new version, which drops and creates the view.
drop view if exists staging.${view};
create view staging.${view} as
with

records as (
    select
${indent(['mv.approximate_arrival_timestamp', ...raw.map((name) => `btrim(json_serialize(mv.payload.${name}), '"') as ${name}`)], 8)}
    from staging.${source} as mv
)

select
${indent(['approximate_arrival_timestamp', ...fields.map((field) => `${field.expression} as ${field.name}`)], 4)}
from records${constants.length ? `\nwhere ${constants.map((field) => `${field.name} = ${literal(field.value ?? '')}`).join('\n    and ')}` : ''};
`;
}
