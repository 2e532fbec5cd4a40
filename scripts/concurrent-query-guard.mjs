// node-postgres warns "Calling client.query() when the client is already executing a query" when a
// query is sent to a client that is still busy: typically Promise.all over one transaction. pg@9
// makes it an error. The tests, and the built hub as e2e and smoke start it, catch it so that the run
// fails: the test during which it happened, or the hub.
import pg from 'pg';

const CONCURRENT_QUERY = /client is already executing a query/;
const BUSY =
  'Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0.';

export class ConcurrentQueryError extends Error {
  constructor(warning) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40; // past pg and drizzle, to the code that sent the query
    super(
      `Two queries at once on one pg client (Promise.all over a transaction?): run them one after the other. pg: ${warning}`,
    );
    Error.stackTraceLimit = limit;
    this.name = 'ConcurrentQueryError';
  }
}

/** Is this process warning node-postgres' "already executing a query"? */
export function isConcurrentQueryWarning(warning) {
  const text = typeof warning === 'string' ? warning : warning instanceof Error ? warning.message : '';
  return CONCURRENT_QUERY.test(text);
}

/**
 * Hands a ConcurrentQueryError (with the stack of the offending `client.query()`, as far as the
 * async chain lets it be seen) to `onSeen` instead of
 * printing the warning. pg 8 itself warns only once per process, and only when a third query arrives
 * (one running, one waiting), so a query sent to a busy client is reported here whenever it happens.
 * The query still runs as pg 8 would run it: nothing else changes. Returns a function that undoes it.
 */
export function guardConcurrentQueries(onSeen) {
  let reported = false; // this call was reported already: pg's own warning about it is not news
  const emitWarning = process.emitWarning;
  process.emitWarning = function guardedEmitWarning(warning, ...rest) {
    if (!isConcurrentQueryWarning(warning)) return emitWarning.call(process, warning, ...rest);
    if (!reported) onSeen(new ConcurrentQueryError(typeof warning === 'string' ? warning : warning.message));
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function guardedQuery(...args) {
    reported = !this.pipeline && Boolean(this._activeQuery || this._queryQueue?.length > 0);
    if (reported) onSeen(new ConcurrentQueryError(BUSY));
    try {
      return query.apply(this, args);
    } finally {
      reported = false;
    }
  };
  return () => {
    process.emitWarning = emitWarning;
    pg.Client.prototype.query = query;
  };
}
