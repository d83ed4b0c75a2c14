import fc from 'fast-check';
import {
  assignmentList,
  identifier,
  identifierList,
  parameter,
  renderSql,
  s3UriLiteral,
} from '../../../core/warehouse/sql-template';
import { toPositional } from '../../../adapters/local/pglite-executor';

describe('SQL templates', () => {
  test('fill identifiers from the contract and values as :name parameters', () => {
    const sql = renderSql('select {{ columns }} from presentation.{{ table }} where d = {{ batch_date }}', {
      columns: identifierList(['a', 'b'], 'x'),
      table: identifier('sales_fact'),
      batch_date: parameter('batch_date'),
    });
    expect(sql).toBe('select x.a, x.b from presentation.sales_fact where d = :batch_date');
    expect(assignmentList(['a', 'b'], 'staged')).toBe('a = staged.a, b = staged.b');
  });

  test('fails on a slot without a value and on a value without a slot', () => {
    expect(() => renderSql('select {{ a }}', {})).toThrow(/\{\{ a \}\} has no value/);
    expect(() => renderSql('select 1', { a: identifier('a') })).toThrow(/no slot for a/);
  });

  test('rejects anything but a plain identifier', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let accepted = false;
        try {
          identifier(text);
          accepted = true;
        } catch {
          // rejected
        }
        expect(accepted).toBe(/^[a-z_][a-z0-9_]{0,126}$/.test(text));
      }),
    );
  });

  test('builds S3 URIs only from a valid bucket and a quote-free prefix', () => {
    expect(s3UriLiteral('curated-bucket', 'gold/t/batch_date=2024-01-31/')).toBe(
      "'s3://curated-bucket/gold/t/batch_date=2024-01-31/'",
    );
    expect(() => s3UriLiteral("b'; drop table x; --", 'gold/')).toThrow(/not a valid S3 bucket name/);
    expect(() => s3UriLiteral('bucket', "gold/'x/")).toThrow(/not a safe S3 key prefix/);
    expect(() => s3UriLiteral('bucket', 'gold/../x/')).toThrow(/not a safe S3 key prefix/);
  });
});

describe('toPositional (PGlite parameter binding)', () => {
  test('numbers each name once and skips literals, comments and casts', () => {
    expect(
      toPositional("select :a, :b, :a, ':a', x::int -- :b\nfrom t where c = :b", { a: '1', b: '2' }),
    ).toEqual({ sql: "select $1, $2, $1, ':a', x::int -- :b\nfrom t where c = $2", values: ['1', '2'] });
  });

  test('fails, like the Data API, on a missing or an unused parameter', () => {
    expect(() => toPositional('select :a', {})).toThrow(/no value for parameter :a/);
    expect(() => toPositional('select 1', { a: '1' })).toThrow(/without a placeholder: a/);
  });
});
