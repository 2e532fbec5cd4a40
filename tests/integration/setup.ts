/**
 * Runs in every integration test process: node-postgres' "client is already executing a query"
 * warning (two queries at once on one transaction) fails the test during which it happened.
 */
import { afterEach } from 'vitest';
import { guardConcurrentQueries, type ConcurrentQueryError } from '../../scripts/concurrent-query-guard.mjs';

const seen: ConcurrentQueryError[] = [];
guardConcurrentQueries((err) => seen.push(err));

/** Hands over (and forgets) what was caught, for a test that provokes it on purpose. */
export function takeConcurrentQueryErrors(): ConcurrentQueryError[] {
  return seen.splice(0);
}

afterEach(() => {
  const [first] = takeConcurrentQueryErrors();
  if (first) throw first;
});
