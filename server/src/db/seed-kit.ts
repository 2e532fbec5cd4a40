// What seeds/ (outside the server package) needs, re-exported so it resolves packages from here.
export { sql, eq } from 'drizzle-orm';
export * from './schema.js';
export type { Db, Executor } from './client.js';
export { createDatabase } from './client.js';
export { hashPassword } from '../modules/auth/passwords.js';
