import { redshiftToPostgres } from '../../../adapters/local/redshift-to-postgres';

const sql = (text: string) => {
  const statement = redshiftToPostgres(text);
  if (statement.kind !== 'sql') throw new Error(`expected SQL, got ${statement.kind}`);
  return statement.sql.replace(/\s+/g, ' ');
};

describe('redshiftToPostgres', () => {
  test('removes DISTSTYLE, DISTKEY and SORTKEY table attributes', () => {
    expect(sql('create table t (a int) diststyle all sortkey (a)')).toBe('create table t (a int)');
    expect(sql('CREATE TABLE t (a INT) DISTSTYLE KEY DISTKEY (a) COMPOUND SORTKEY (a, b)')).toBe(
      'CREATE TABLE t (a INT)',
    );
    expect(sql('create table t (a int) interleaved sortkey(a,b)')).toBe('create table t (a int)');
    expect(sql('create table t (a int) diststyle auto sortkey auto')).toBe('create table t (a int)');
  });

  test('removes ENCODE and the DISTKEY / SORTKEY column attributes', () => {
    expect(
      sql('create table t (a bigint encode az64 distkey sortkey, b varchar(3) encode zstd not null)'),
    ).toBe('create table t (a bigint , b varchar(3) not null)');
  });

  test('removes physical design from materialized views', () => {
    expect(sql('create materialized view m distkey (a) sortkey (a) as select 1 as a')).toBe(
      'create materialized view m as select 1 as a',
    );
  });

  test('leaves string literals and everything logical untouched', () => {
    const query = "select 'diststyle all sortkey (a)' as s, cast(:d as date) as d from x where y = 'it''s'";
    expect(sql(query)).toBe(query);
  });

  test('drops comments, including reasons that name the clauses', () => {
    expect(sql('-- DISTSTYLE ALL: small\ncreate table t (a int) /* keep */ diststyle all')).toBe(
      'create table t (a int)',
    );
  });

  test('adds a foreign key without checking existing rows, as Redshift never checks one', () => {
    expect(sql('alter table presentation.f add foreign key (k) references presentation.d (k)')).toBe(
      'alter table presentation.f add foreign key (k) references presentation.d (k) not valid',
    );
    expect(sql('ALTER TABLE f ADD CONSTRAINT f_k FOREIGN KEY (k) REFERENCES d;')).toBe(
      'ALTER TABLE f ADD CONSTRAINT f_k FOREIGN KEY (k) REFERENCES d not valid',
    );
    expect(sql('alter table f add column k bigint default -1 not null')).toBe(
      'alter table f add column k bigint default -1 not null',
    );
  });

  test('turns COPY from S3 as Parquet into a local copy instruction', () => {
    expect(
      redshiftToPostgres(
        "-- stage\ncopy staging.sales_fact\nfrom 's3://curated/gold/sales_fact/batch_date=2024-01-31/'\niam_role default\nformat as parquet;",
      ),
    ).toEqual({
      kind: 'copyParquet',
      table: 'staging.sales_fact',
      s3Uri: 's3://curated/gold/sales_fact/batch_date=2024-01-31/',
    });
    expect(
      redshiftToPostgres("COPY s.t FROM 's3://b/p/' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS PARQUET"),
    ).toMatchObject({ kind: 'copyParquet', table: 's.t', s3Uri: 's3://b/p/' });
  });

  test('fails on a COPY from S3 it cannot carry out locally', () => {
    expect(() => redshiftToPostgres("copy s.t from 's3://b/p/' iam_role default csv")).toThrow(
      /unsupported COPY form/,
    );
  });
});
