/**
 * Everything a PGlite warehouse holds, for "nothing changed" assertions: every table and
 * materialized view of the platform's schemas with its columns (type, nullability, default),
 * its constraints and its rows.
 */
import type { PGlite } from '@electric-sql/pglite';

const SCHEMAS = ['public', 'staging', 'presentation'];

export async function dumpWarehouse(db: PGlite): Promise<Record<string, unknown>> {
  const { rows: relations } = await db.query<{ name: string; kind: string }>(
    `select n.nspname || '.' || c.relname as name, c.relkind as kind
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and c.relkind in ('r', 'm', 'v') order by 1`,
    [SCHEMAS],
  );
  const dump: Record<string, unknown> = {};
  for (const { name, kind } of relations) {
    const { rows: columns } = await db.query(
      `select a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
              pg_get_expr(d.adbin, d.adrelid) as default_value
       from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [name],
    );
    const { rows: constraints } = await db.query(
      'select pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = $1::regclass order by 1',
      [name],
    );
    const { rows } = kind === 'v' ? { rows: [] } : await db.query(`select * from ${name} order by 1, 2`);
    dump[name] = { kind, columns, constraints, rows };
  }
  return dump;
}
