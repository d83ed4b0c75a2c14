import fc from 'fast-check';
import { splitStatements } from '../../../core/warehouse/sql-statements';

describe('splitStatements', () => {
  test('splits on semicolons and keeps each statement with its comments', () => {
    const sql = '-- roles\ncreate role a;\n\n-- grants\ngrant usage on schema s to role a;\n';
    expect(splitStatements(sql)).toEqual([
      '-- roles\ncreate role a',
      '-- grants\ngrant usage on schema s to role a',
    ]);
  });

  test('does not split inside quotes, quoted identifiers or comments', () => {
    const sql = `select 'a;b' as "x;y"; -- one; two\nselect 1`;
    expect(splitStatements(sql)).toEqual([`select 'a;b' as "x;y"`, '-- one; two\nselect 1']);
  });

  test('drops empty and comment-only pieces', () => {
    expect(splitStatements(';;\n-- only a comment;\n')).toEqual([]);
  });

  test('a single statement without a semicolon is returned whole', () => {
    expect(splitStatements('create schema if not exists staging')).toEqual([
      'create schema if not exists staging',
    ]);
  });

  test('joining the pieces of semicolon-free statements gives them back', () => {
    const statement = fc
      .stringMatching(/^[a-z0-9 ,()'_]{1,30}$/)
      .filter((text) => (text.match(/'/g) ?? []).length % 2 === 0 && text.trim() !== '');
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        expect(splitStatements(statements.join(';\n'))).toEqual(statements.map((s) => s.trim()));
      }),
    );
  });
});
