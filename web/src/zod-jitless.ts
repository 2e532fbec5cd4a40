/**
 * Imported first by main.ts, before any module builds a schema. zod compiles object parsers with
 * `new Function` unless told otherwise, and probes whether it may (once, when the first object
 * schema is built): under the hub's Content-Security-Policy (no 'unsafe-eval') that probe is reported
 * as a violation on every page that loads the shared contracts. Jitless, zod never tries.
 */
import { z } from 'zod';

z.config({ jitless: true });
