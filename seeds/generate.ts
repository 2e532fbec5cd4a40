/**
 * Bulk data for benchmarks: N active advocates (password `bench-password`) in one statement per
 * 5,000 rows. Usage: DATABASE_URL=… tsx seeds/generate.ts --members 10000
 */
import { createDatabase, hashPassword, sql, type Db } from '../server/src/db/kit.js';

export async function generateMembers(db: Db, count: number, prefix = 'bench'): Promise<number> {
  const hash = await hashPassword('bench-password');
  let done = 0;
  while (done < count) {
    const n = Math.min(5000, count - done);
    const from = done + 1;
    await db.execute(sql`
      with inserted as (
        insert into members (email, name, password_hash, status, trusted, company, region, industry, joined_at)
        select ${prefix} || '-' || g || '@bench.test', 'Bench Member ' || g, ${hash}, 'active', true,
               'Company ' || (g % 200), (array['EMEA','NA','APAC','LATAM'])[1 + g % 4],
               (array['Retail','Technology','Healthcare','Energy'])[1 + g % 4], now()
        from generate_series(${from}::int, ${from + n - 1}::int) g
        on conflict do nothing
        returning id)
      insert into member_roles (member_id, role) select id, 'advocate' from inserted`);
    done += n;
  }
  return done;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  const i = process.argv.indexOf('--members');
  const count = i > 0 ? Number(process.argv[i + 1]) : 1000;
  if (!process.env.DATABASE_URL) {
    console.error('Set DATABASE_URL to the database to fill.');
    process.exit(2);
  }
  if (!Number.isInteger(count) || count < 1) {
    console.error('--members takes a positive whole number');
    process.exit(2);
  }
  // Bulk inserts of a large data set may rightly outlast a request's statement timeout.
  const database = createDatabase(
    process.env.DATABASE_URL,
    { warn: (o, m) => console.warn(m, o) },
    { statementTimeoutMs: 0 },
  );
  const t0 = performance.now();
  await generateMembers(database.db, count);
  console.log(`generated ${count} members in ${Math.round(performance.now() - t0)} ms`);
  await database.close();
}
