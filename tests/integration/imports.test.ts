import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import {
  createMember,
  createTestApp,
  ledgerMismatches,
  makeChallenge,
  signedIn,
  uniqueEmail,
  type TestApp,
} from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(() => t.close());

const tag = () => crypto.randomBytes(4).toString('hex');

function importEvents(csv: string, dryRun: boolean) {
  return admin.as({ method: 'POST', url: `/api/admin/events/import?dryRun=${dryRun}`, payload: { csv } });
}
function importMembers(csv: string, q: string) {
  return admin.as({ method: 'POST', url: `/api/admin/members/import?${q}`, payload: { csv } });
}

async function ledgerOf(memberId: string) {
  const r = await t.database.db.execute<{ balance: number; entries: number }>(
    sql`select balance, (select count(*)::int from point_entries where member_id = m.id) as entries
        from members m where id = ${memberId}`,
  );
  return r.rows[0]!;
}

async function memberByEmail(email: string) {
  const r = await t.database.db.execute<{
    id: string;
    name: string;
    company: string | null;
    products: string[];
    tags: string[];
    timezone: string | null;
    status: string;
    roles: string[];
    groups: string[];
  }>(sql`select m.id, m.name, m.company, m.products, m.tags, m.timezone, m.status,
           array(select role from member_roles r where r.member_id = m.id order by role) as roles,
           array(select g.name from group_members gm join groups g on g.id = gm.group_id where gm.member_id = m.id order by g.name) as groups
         from members m where m.email = ${email.toLowerCase()}`);
  return r.rows[0] ?? null;
}

describe('CSV import of events and points', () => {
  it('a dry run reports every row and writes nothing; applying twice awards once', async () => {
    const a = await createMember(t.database);
    const b = await createMember(t.database);
    const suspended = await createMember(t.database, { status: 'suspended' });
    const c = await makeChallenge(admin, { stages: [{ kind: 'confirm', title: 'Visited booth', points: 30 }] });
    const csv = [
      'email,type,points,challenge_id,stage_id,reason,idempotency_key',
      `${a.email},points.award,100,,,Conference talk,`,
      `${b.email.toUpperCase()},stage.complete,,${c.id},,Booth visit,`,
      `${uniqueEmail('nobody')},points.award,10,,,Unknown,`,
      `${a.email},points.award,0,,,Zero points,`,
      `${suspended.email},points.award,5,,,Suspended,`,
      `${a.email},stage.complete,,${crypto.randomUUID()},,No such challenge,`,
      `${b.email},points.award,7,,,Own key,key-${tag()}`,
      `not-an-email,points.award,7,,,Bad email,`,
    ].join('\n');

    const dry = await importEvents(csv, true);
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report.dryRun).toBe(true);
    expect(report.summary).toEqual({ total: 8, ok: 3, failed: 5 });
    const byRow = Object.fromEntries(
      (report.rows as { row: number; ok: boolean; error?: { code: string } }[]).map((r) => [r.row, r]),
    );
    expect(byRow[2]).toMatchObject({ ok: true, result: { pointsAwarded: 100, replay: false } });
    expect(byRow[3]).toMatchObject({ ok: true });
    expect(byRow[4]).toMatchObject({ ok: false, error: { code: 'events.member_not_found' } });
    expect(byRow[5]).toMatchObject({ ok: false, error: { code: 'imports.invalid_value' } });
    expect(byRow[6]).toMatchObject({ ok: false, error: { code: 'events.member_suspended' } });
    expect(byRow[7]).toMatchObject({ ok: false, error: { code: 'challenges.not_found' } });
    expect(byRow[9]).toMatchObject({ ok: false, error: { code: 'imports.invalid_value' } });
    expect(await ledgerOf(a.id)).toEqual({ balance: 0, entries: 0 });
    expect(await ledgerOf(b.id)).toEqual({ balance: 0, entries: 0 });

    const applied = await importEvents(csv, false);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().summary).toEqual({ total: 8, ok: 3, failed: 5 });
    expect(await ledgerOf(a.id)).toEqual({ balance: 100, entries: 1 });
    expect(await ledgerOf(b.id)).toEqual({ balance: 37, entries: 2 });

    const again = await importEvents(csv, false);
    expect(again.json().summary.ok).toBe(3);
    expect((again.json().rows as { ok: boolean; result?: { replay: boolean } }[]).filter((r) => r.ok)).toEqual(
      expect.arrayContaining([expect.objectContaining({ result: expect.objectContaining({ replay: true }) })]),
    );
    expect((again.json().rows as { result?: { replay: boolean } }[]).every((r) => !r.result || r.result.replay)).toBe(
      true,
    );
    expect(await ledgerOf(a.id)).toEqual({ balance: 100, entries: 1 });
    expect(await ledgerOf(b.id)).toEqual({ balance: 37, entries: 2 });
    // A dry run of an applied file says the rows would replay.
    const dryAgain = await importEvents(csv, true);
    expect(dryAgain.json().rows[0]).toMatchObject({ row: 2, ok: true, result: { replay: true } });
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });

  it('900 rows uploaded twice at once under a 1 s statement timeout: both answer 200, every row applies once, a bad row only fails itself', async () => {
    // Found in CI: with 250 rows to a transaction, the second upload's key claims waited on the
    // first's open transaction past the statement timeout, and it answered 503. Transactions now
    // end after 100 rows or 400 ms.
    const own = await createTestApp({}, { DB_STATEMENT_TIMEOUT_MS: '1000' });
    try {
      const boss = await signedIn(own, { roles: ['admin'] });
      const people = await Promise.all([1, 2, 3].map(() => createMember(own.database)));
      const lines = ['email,type,points,reason'];
      for (let i = 0; i < 900; i++)
        lines.push(
          i === 300
            ? `${uniqueEmail('ghost')},points.award,5,Row ${i}`
            : `${people[i % 3]!.email},points.award,${1 + (i % 5)},Row ${i}`,
        );
      const csv = lines.join('\n');
      const expected = [0, 1, 2].map((k) =>
        Array.from({ length: 900 }, (_, i) => i)
          .filter((i) => i !== 300 && i % 3 === k)
          .reduce((n, i) => n + 1 + (i % 5), 0),
      );
      const upload = () => boss.as({ method: 'POST', url: '/api/admin/events/import?dryRun=false', payload: { csv } });
      const [x, y] = await Promise.all([upload(), upload()]);
      for (const res of [x, y]) {
        expect(res.statusCode).toBe(200);
        expect(res.json().summary).toEqual({ total: 900, ok: 899, failed: 1 });
        expect(res.json().rows[300]).toMatchObject({ row: 302, ok: false, error: { code: 'events.member_not_found' } });
      }
      // Each row was applied by exactly one of the two uploads; the other replayed it.
      const applied = (res: typeof x) =>
        (res.json().rows as { result?: { replay: boolean } }[]).filter((r) => r.result && !r.result.replay).length;
      expect(applied(x) + applied(y)).toBe(899);
      for (const [k, p] of people.entries())
        expect(await ledgerOf(p.id)).toEqual({ balance: expected[k], entries: k === 0 ? 299 : 300 });
      expect(await ledgerMismatches(t.database)).toEqual([]);
    } finally {
      await own.close();
    }
  }, 120_000);

  it('accepts a text/csv body from an API client and refuses a file without the required columns', async () => {
    const m = await createMember(t.database);
    const tokenRes = await t.app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: admin.member.email, password: admin.member.password },
    });
    const token = tokenRes.json().accessToken as string;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/events/import?dryRun=true',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      payload: `email,type,points,reason\n${m.email},points.award,3,Plain CSV\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toEqual({ total: 1, ok: 1, failed: 0 });
    const bad = await importEvents('email,points\nx@y.z,1\n', true);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('imports.bad_csv');
  });

  it('takes a multipart upload', async () => {
    const m = await createMember(t.database);
    const boundary = '----hub' + tag();
    const csv = `email,type,points,reason\n${m.email},points.award,4,Uploaded\n`;
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="events.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `${csv}\r\n--${boundary}--\r\n`;
    const res = await admin.as({
      method: 'POST',
      url: '/api/admin/events/import?dryRun=false',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary.ok).toBe(1);
    expect((await ledgerOf(m.id)).balance).toBe(4);
  });
});

describe('CSV import of members', () => {
  it('upserts on email with multi-value fields, reports bad rows, and invites the new members', async () => {
    const g = tag();
    const group = await admin.as({ method: 'POST', url: '/api/admin/groups', payload: { name: `EMEA ${g}` } });
    expect(group.statusCode).toBe(201);
    const known = await createMember(t.database, { name: 'Known Person', company: 'Old Co' });
    const fresh = uniqueEmail('fresh');
    const fresh2 = uniqueEmail('fresh2');
    const csv = [
      'email,name,company,title,industry,region,products,persona,tags,timezone,roles,groups',
      `${fresh},Fresh Face,Acme,CTO,Software,EMEA,Analytics;Billing|CRM,Champion,beta|vip,Europe/Berlin,advocate,EMEA ${g}`,
      `${known.email.toUpperCase()},,New Co,,,,,,,,moderator,`,
      `${fresh2},,,,,,,,,,,`,
      `bad-email,Broken,,,,,,,,,,`,
      `${uniqueEmail('role')},Role,,,,,,,,,superhero,`,
      `${uniqueEmail('group')},Group,,,,,,,,,,No such group ${g}`,
      `${uniqueEmail('long')},${'x'.repeat(130)},,,,,,,,,,`,
      `${uniqueEmail('tz')},Tz,,,,,,,,Mars/Olympus,,`,
    ].join('\n');

    const dry = await importMembers(csv, 'dryRun=true&invite=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json().summary).toMatchObject({ total: 8, ok: 3, failed: 5, created: 2, updated: 1, invited: 0 });
    const codes = (dry.json().rows as { row: number; error?: { code: string } }[]).map((r) => r.error?.code ?? null);
    expect(codes).toEqual([
      null,
      null,
      null,
      'imports.invalid_email',
      'imports.unknown_role',
      'imports.unknown_group',
      'imports.too_long',
      'imports.invalid_timezone',
    ]);
    expect(await memberByEmail(fresh)).toBeNull();

    const res = await importMembers(csv, 'invite=true');
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toMatchObject({ ok: 3, failed: 5, created: 2, updated: 1, unchanged: 0, invited: 2 });
    expect(await memberByEmail(fresh)).toMatchObject({
      name: 'Fresh Face',
      company: 'Acme',
      products: ['Analytics', 'Billing', 'CRM'],
      tags: ['beta', 'vip'],
      timezone: 'Europe/Berlin',
      status: 'invited',
      roles: ['advocate'],
      groups: [`EMEA ${g}`],
    });
    expect(await memberByEmail(known.email)).toMatchObject({
      name: 'Known Person',
      company: 'New Co',
      roles: ['advocate', 'moderator'],
    });
    expect((await memberByEmail(fresh2))!.name).toBe(fresh2.split('@')[0]);
    const mails = await t.database.db.execute<{ to: string }>(
      sql`select "to" from email_messages where kind = 'invite' and "to" in (${fresh}, ${fresh2})`,
    );
    expect(mails.rows.map((r) => r.to).sort()).toEqual([fresh, fresh2].sort());

    // The same file again: nothing changes, nobody is invited twice.
    const again = await importMembers(csv, 'invite=true');
    expect(again.json().summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, invited: 0 });
  });
});

describe('member import by API key', () => {
  it('an integration with members:write imports members; a key without it gets 403', async () => {
    const made = async (scopes: string[]) =>
      (await admin.as({ method: 'POST', url: '/api/admin/api-keys', payload: { name: `HR ${tag()}`, scopes } })).json()
        .secret as string;
    const secret = await made(['members:write']);
    const email = uniqueEmail('hris');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/members/import?invite=true',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/csv' },
      payload: `email,name,company\n${email},Hana Synced,Globex\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary).toMatchObject({ created: 1, invited: 1 });
    expect(await memberByEmail(email)).toMatchObject({ name: 'Hana Synced', company: 'Globex', status: 'invited' });
    const other = await made(['events:write']);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/members/import',
      headers: { 'x-api-key': other, 'content-type': 'text/csv' },
      payload: `email\n${uniqueEmail()}\n`,
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('bulk invites', () => {
  it('answers per address: invited, already a member, already invited, invalid', async () => {
    const member = await createMember(t.database);
    const pending = uniqueEmail('pending');
    expect(
      (await admin.as({ method: 'POST', url: '/api/admin/invites', payload: { email: pending } })).statusCode,
    ).toBe(201);
    const fresh = uniqueEmail('bulk');
    const res = await admin.as({
      method: 'POST',
      url: '/api/admin/invites/bulk',
      payload: { emails: [fresh, member.email, pending, 'nope'], roles: ['advocate'] },
    });
    expect(res.statusCode).toBe(200);
    const outcome = Object.fromEntries(
      (res.json().results as { email: string; outcome: string }[]).map((r) => [r.email, r.outcome]),
    );
    expect(outcome).toEqual({
      [fresh]: 'invited',
      [member.email]: 'already_member',
      [pending]: 'already_invited',
      nope: 'invalid',
    });
    const text = await admin.as({
      method: 'POST',
      url: '/api/admin/invites/bulk',
      payload: { emails: `${uniqueEmail('a')}\n${uniqueEmail('b')}` },
    });
    expect(text.json().created).toBe(2);
  });
});
