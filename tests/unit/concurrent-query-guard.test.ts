import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  ConcurrentQueryError,
  guardConcurrentQueries,
  isConcurrentQueryWarning,
} from '../../scripts/concurrent-query-guard.mjs';

let undo = () => {};
afterEach(() => undo());

describe('the concurrent-query guard of the test runs', () => {
  it('reports a query sent to a pg client that is still busy, with the caller in the stack', () => {
    const seen: ConcurrentQueryError[] = [];
    undo = guardConcurrentQueries((err) => seen.push(err));
    // Never connected: the first query waits in the client's queue, so the second finds it busy.
    const client = new pg.Client({ host: '127.0.0.1', port: 1 });
    void client.query('select 1').catch(() => {});
    expect(seen).toHaveLength(0);
    void client.query('select 2').catch(() => {});
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(ConcurrentQueryError);
    expect(seen[0]!.message).toMatch(/already executing a query/);
    expect(seen[0]!.stack).toMatch(/concurrent-query-guard\.test\.ts/);
  });

  it("reports node-postgres' own warning instead of printing it", () => {
    const seen: ConcurrentQueryError[] = [];
    undo = guardConcurrentQueries((err) => seen.push(err));
    process.emitWarning(
      'Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0.',
      'DeprecationWarning',
    );
    expect(seen).toHaveLength(1);
  });

  it('recognises the warning as a string or an Error, and nothing else', () => {
    const text = 'Calling client.query() when the client is already executing a query is deprecated.';
    expect(isConcurrentQueryWarning(text)).toBe(true);
    expect(isConcurrentQueryWarning(new Error(text))).toBe(true);
    expect(isConcurrentQueryWarning('Buffer() is deprecated')).toBe(false);
    expect(isConcurrentQueryWarning(undefined)).toBe(false);
  });

  it('lets other warnings through, and can be undone', () => {
    const seen: ConcurrentQueryError[] = [];
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on('warning', listener);
    try {
      undo = guardConcurrentQueries((err) => seen.push(err));
      process.emitWarning('something else', 'AhGuardTest');
      undo();
      process.emitWarning('client is already executing a query', 'AhGuardTest');
    } finally {
      setImmediate(() => process.off('warning', listener));
    }
    expect(seen).toHaveLength(0);
  });
});
