import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isWritesUnavailable, WriteHealth } from '../../server/src/db/client.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** drizzle wraps the driver's error in its own. */
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: insert …'), { cause });

describe('database errors', () => {
  it.each([
    ['57014', 'statement timeout'],
    ['55P03', 'lock timeout'],
    ['25P03', 'idle-in-transaction timeout'],
    ['57P01', 'admin shutdown'],
    ['53300', 'too many connections'],
  ])('%s (%s) means the database is unavailable, not a bug', (code) => {
    expect(isDatabaseUnavailable(wrapped(pgError(code)))).toBe(true);
    expect(isWritesUnavailable(wrapped(pgError(code)))).toBe(false);
  });

  it('a client-side query or connect timeout means unavailable too', () => {
    expect(isDatabaseUnavailable(wrapped(new Error('Query read timeout')))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it.each(['53100', '53000', '58030', '25006'])('%s means the database cannot write', (code) => {
    expect(isWritesUnavailable(wrapped(pgError(code)))).toBe(true);
  });

  it('a constraint violation is neither', () => {
    expect(isDatabaseUnavailable(wrapped(pgError('23505')))).toBe(false);
    expect(isWritesUnavailable(wrapped(pgError('23505')))).toBe(false);
  });

  it('a write failure is remembered for a window, or until a write succeeds', () => {
    let now = 1_000;
    const writes = new WriteHealth(30_000, () => now);
    expect(writes.failing).toBe(false);
    writes.failed();
    now += 29_000;
    expect(writes.failing).toBe(true);
    now += 2_000;
    expect(writes.failing).toBe(false);
    writes.failed();
    writes.succeeded();
    expect(writes.failing).toBe(false);
  });
});
