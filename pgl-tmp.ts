import { PGlite } from '@electric-sql/pglite';
(async () => {
  let t = performance.now();
  const a = await PGlite.create();
  console.log('create', performance.now() - t);
  await a.exec('create table x (a int); insert into x values (1)');
  t = performance.now();
  const b = await (a as any).clone();
  console.log('clone', performance.now() - t, (await b.query('select * from x')).rows);
  t = performance.now();
  const dump = await a.dumpDataDir('none');
  const c = await PGlite.create({ loadDataDir: dump });
  console.log('dump+load', performance.now() - t, (await c.query('select * from x')).rows);
})();
