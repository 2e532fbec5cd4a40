/**
 * Imported first by main.ts, before any module builds a schema. zod compiles object parsers with
 * `new Function` unless told otherwise, and probes whether it may (once, when the first object
 * schema is built): under the hub's Content-Security-Policy (no 'unsafe-eval') that probe is reported
 * as a violation on every page that loads the shared contracts. Jitless, zod never tries.
 */
import { config } from 'zod/v4/core';

// zod's core entry, not `z`: the setting is the same (one global config) and the first screen's
// bundle stays free of zod itself, which only the screens that validate forms load.
config({ jitless: true });
