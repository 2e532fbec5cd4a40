// The bare read baseline: Fastify (same framework and Node version as the hub, no plugins) and one
// route that reads one member by primary key through a pg.Pool of the hub's size, as JSON.
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../server/package.json', import.meta.url));
const Fastify = (await import(require.resolve('fastify'))).default;
const pg = (await import(require.resolve('pg'))).default;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
pool.on('error', () => {});
const app = Fastify({ logger: false });
app.get('/member/:id', async (request, reply) => {
  const { rows } = await pool.query('select id, name, email from members where id = $1', [request.params.id]);
  if (!rows[0]) return reply.status(404).send({ error: 'not found' });
  return rows[0];
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () =>
  app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0)),
);
