import { describe, expect, it } from 'vitest';
import { auditSentence } from '../../server/src/modules/audit/audit.sentences.js';
import { listCell } from '../../server/src/modules/imports/imports.csv.js';
import { requestHash } from '../../server/src/modules/events/events.service.js';

const base = { actorName: 'Alex Morgan', actorId: 'a', targetType: 'import', targetName: null, subjectName: null };

describe('imports', () => {
  it('an events import reads as a sentence with its counts and points', () => {
    expect(auditSentence({ ...base, action: 'events.imported', data: { ok: 2, total: 3, pointsAwarded: 160 } })).toBe(
      'Alex Morgan imported 2 of 3 event rows from CSV (160 points)',
    );
    expect(auditSentence({ ...base, action: 'members.imported', data: { created: 2, updated: 1 } })).toBe(
      'Alex Morgan imported members from CSV: 2 new, 1 updated',
    );
  });

  it('a multi-value cell splits on ; or |, trims, and drops empties and repeats', () => {
    expect(listCell(' Analytics; Billing |CRM;;Analytics ')).toEqual(['Analytics', 'Billing', 'CRM']);
    expect(listCell('')).toBeUndefined();
  });

  it('the request an idempotency key stands for ignores the email’s case', () => {
    const body = { type: 'points.award' as const, email: 'Ada@Example.com', points: 5, reason: 'x' };
    expect(requestHash(body)).toBe(requestHash({ ...body, email: 'ada@example.com' }));
    expect(requestHash(body)).not.toBe(requestHash({ ...body, points: 6 }));
  });
});
