import { inject, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { createDatabase } from '../../server/src/db/client.js';
import { takeConcurrentQueryErrors } from './setup.js';

describe('queries on one transaction', () => {
  it('two queries at once on one transaction are caught by the hook that fails the test (setup.ts)', async () => {
    const database = createDatabase(inject('databaseUrl'), { warn: () => {} }, { max: 2 });
    try {
      await database.db.transaction(async (tx) => {
        await Promise.all([tx.execute(sql`select 1`), tx.execute(sql`select 2`)]);
      });
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await tx.execute(sql`select 2`);
      });
    } finally {
      await database.close();
    }
    const caught = takeConcurrentQueryErrors(); // taken, so this test itself passes
    expect(caught).toHaveLength(1);
  });
});
