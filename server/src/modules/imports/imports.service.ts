import crypto from 'node:crypto';
import {
  EventBody,
  EVENTS_CSV_COLUMNS,
  MEMBERS_CSV_COLUMNS,
  ROLES,
  UpdateMemberProfileBody,
  type EventImportResponse,
  type EventImportRow,
  type ImportRowError,
  type MemberImportResponse,
  type MemberImportRow,
  type Role,
} from '@advocate-hub/shared';
import { email as emailField } from '@advocate-hub/shared/fields';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { auditRepo } from '../audit/audit.repo.js';
import { groupsRepo } from '../groups/groups.repo.js';
import { membersRepo, type MemberWithRoles } from '../members/members.repo.js';
import { canonicalTimeZone } from '../members/members.service.js';
import type { InvitesService } from '../invites/invites.service.js';
import { EventsService, requestHash, type EventCaller } from '../events/events.service.js';
import { cell, listCell, readCsv } from './imports.csv.js';

const rowError = (code: string, message: string, field?: string): ImportRowError => ({
  code,
  message,
  ...(field ? { field } : {}),
});
const fromAppError = (err: unknown): ImportRowError => {
  if (err instanceof AppError && err.statusCode < 500) return rowError(err.code, err.message);
  throw err;
};
/** The first problem zod found, as a row error naming its field. */
function fromIssues(issues: z.core.$ZodIssue[], prefix = ''): ImportRowError {
  const first = issues[0]!;
  const field = first.path.map(String).join('.') || undefined;
  return rowError('imports.invalid_value', `${field ? `${prefix}${field}: ` : ''}${first.message}`, field);
}

type Profile = z.output<typeof UpdateMemberProfileBody>;
const PROFILE_KEYS = [
  'name',
  'company',
  'title',
  'industry',
  'region',
  'persona',
  'products',
  'tags',
  'timezone',
] as const satisfies readonly (keyof Profile)[];

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return (a ?? null) === (b ?? null);
}

interface PlannedMember {
  row: number;
  email: string;
  profile: Profile;
  roles: Role[] | undefined;
  groupIds: string[];
  existing: MemberWithRoles | null;
  changes: string[];
}

/**
 * CSV imports by admins: events and points (each row applied through the events service, keyed so that
 * a file uploaded twice awards nothing twice) and members (upsert on email). A dry run checks every row
 * and writes nothing; the report has one line per row.
 */
export class ImportsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventsService,
    private readonly invites: InvitesService,
    private readonly cache: DefinitionCache,
  ) {}

  // ---------------------------------------------------------------- events and points

  async importEvents(actorId: string, csv: string, dryRun: boolean, ip: string | null): Promise<EventImportResponse> {
    const records = readCsv(csv, ['email', 'type', 'reason'], EVENTS_CSV_COLUMNS);
    const fileHash = crypto.createHash('sha256').update(csv).digest('hex').slice(0, 32);
    const caller: EventCaller = {
      source: 'import',
      keyScope: 'import',
      apiKeyId: null,
      apiKeyName: null,
      createdBy: actorId,
    };
    const seenKeys = new Set<string>();
    const planned: { row: number; body: EventBody; key: string }[] = [];
    const report: EventImportRow[] = [];
    for (const { row, cells } of records) {
      const points = cell(cells.points);
      const parsed = EventBody.safeParse({
        type: cells.type,
        email: cells.email,
        points: points === undefined ? undefined : Number(points),
        challengeId: cell(cells.challenge_id),
        stageId: cell(cells.stage_id),
        reason: cells.reason,
      });
      if (!parsed.success) {
        report.push({ row, ok: false, error: fromIssues(parsed.error.issues) });
        continue;
      }
      const key = cell(cells.idempotency_key) ?? `file:${fileHash}:${row}`;
      if (key.length > 200) {
        report.push({ row, ok: false, error: rowError('imports.invalid_value', 'idempotency_key: too long', 'key') });
        continue;
      }
      if (seenKeys.has(key)) {
        report.push({
          row,
          ok: false,
          error: rowError('imports.duplicate_key', 'Another row of this file has the same idempotency_key'),
        });
        continue;
      }
      seenKeys.add(key);
      planned.push({ row, body: parsed.data, key });
      report.push({ row, ok: true });
    }
    const byRow = new Map(report.map((r) => [r.row, r]));
    const applied = new Map(
      (
        await this.events.holders(
          this.db,
          caller.keyScope,
          planned.map((p) => p.key),
        )
      ).map((h) => [h.idempotencyKey!, h]),
    );
    const members = new Map(
      (await membersRepo.findManyByEmail(this.db, [...new Set(planned.map((p) => p.body.email))])).map((m) => [
        m.email,
        m,
      ]),
    );
    const stages = new Map<string, Promise<ImportRowError | null>>();
    const fail = (line: EventImportRow, err: unknown) => {
      line.ok = false;
      line.error = fromAppError(err);
      delete line.result;
    };
    const toApply: typeof planned = [];
    for (const p of planned) {
      const line = byRow.get(p.row)!;
      const earlier = applied.get(p.key);
      if (!dryRun && !earlier) {
        toApply.push(p);
        continue;
      }
      try {
        // Checked as the real run would, without writing; a row applied by an earlier upload replays.
        if (earlier) {
          const ev = earlier.response as { pointsAwarded?: number; completionStatus?: string | null };
          line.result = {
            email: p.body.email,
            type: p.body.type,
            memberId: earlier.memberId,
            pointsAwarded: ev.pointsAwarded ?? 0,
            replay: true,
            eventId: earlier.id,
            completionStatus: ev.completionStatus ?? null,
          };
          if (earlier.requestHash !== requestHash(p.body))
            throw new AppError({
              code: 'events.idempotency_conflict',
              status: 409,
              message: 'This idempotency_key was already used for a different event',
            });
          continue;
        }
        const member = EventsService.assertMember(members.get(p.body.email) ?? null, p.body.email);
        if (p.body.type === 'stage.complete') {
          const id = `${p.body.challengeId}:${p.body.stageId ?? ''}`;
          if (!stages.has(id))
            stages.set(
              id,
              this.events.prepareStage(p.body).then(
                () => null,
                (err: unknown) => fromAppError(err),
              ),
            );
          const problem = await stages.get(id)!;
          if (problem) throw new AppError({ ...problem, status: 404 });
        }
        line.result = {
          email: p.body.email,
          type: p.body.type,
          memberId: member.id,
          pointsAwarded: p.body.type === 'points.award' ? p.body.points! : 0,
          replay: false,
          eventId: null,
          completionStatus: null,
        };
      } catch (err) {
        fail(line, err);
      }
    }
    // The rows to apply, in file order, in short transactions (a savepoint each).
    const outcomes = await this.events.applyMany(caller, toApply);
    for (const [i, p] of toApply.entries()) {
      const line = byRow.get(p.row)!;
      const out = outcomes[i]!;
      if (out instanceof AppError) {
        fail(line, out);
        continue;
      }
      line.result = {
        email: p.body.email,
        type: p.body.type,
        memberId: out.event.memberId,
        pointsAwarded: out.event.pointsAwarded,
        replay: out.replay,
        eventId: out.event.id,
        completionStatus: out.event.completionStatus,
      };
    }
    const ok = report.filter((r) => r.ok).length;
    const summary = { total: report.length, ok, failed: report.length - ok };
    if (!dryRun) {
      const awarded = report.reduce((n, r) => n + (r.result && !r.result.replay ? r.result.pointsAwarded : 0), 0);
      await auditRepo.record(this.db, {
        actorId,
        action: 'events.imported',
        targetType: 'import',
        targetId: null,
        data: { ...summary, pointsAwarded: awarded, file: fileHash },
        ip,
      });
    }
    return { dryRun, rows: report, summary };
  }

  // ---------------------------------------------------------------- members

  /**
   * Members from a CSV: a new email creates an invited member, a known one (any case) updates the
   * fields its row fills (empty cells change nothing; roles and groups are added, never removed).
   * With `invite`, members created by this import are invited by email.
   */
  async importMembers(
    actorId: string | null,
    csv: string,
    opts: { dryRun: boolean; invite: boolean },
    ip: string | null,
  ): Promise<MemberImportResponse> {
    const records = readCsv(csv, ['email'], MEMBERS_CSV_COLUMNS);
    const groups = await groupsRepo.list(this.db);
    const groupByKey = new Map<string, string>();
    for (const { g } of groups) {
      groupByKey.set(g.name.toLowerCase(), g.id);
      groupByKey.set(g.id, g.id);
    }
    const emails = records.map((r) => emailField.safeParse(r.cells.email ?? '')).filter((r) => r.success);
    const existing = new Map(
      (await membersRepo.findManyByEmail(this.db, [...new Set(emails.map((e) => e.data))])).map((m) => [m.email, m]),
    );
    const report: MemberImportRow[] = [];
    const plans: PlannedMember[] = [];
    const seen = new Set<string>();
    for (const { row, cells } of records) {
      const fail = (error: ImportRowError) => report.push({ row, ok: false, error });
      const email = emailField.safeParse(cells.email ?? '');
      if (!email.success) {
        fail(
          rowError('imports.invalid_email', `"${(cells.email ?? '').slice(0, 80)}" is not an email address`, 'email'),
        );
        continue;
      }
      if (seen.has(email.data)) {
        fail(rowError('imports.duplicate_row', 'Another row of this file has the same email', 'email'));
        continue;
      }
      seen.add(email.data);
      const profile = UpdateMemberProfileBody.safeParse({
        name: cell(cells.name),
        company: cell(cells.company),
        title: cell(cells.title),
        industry: cell(cells.industry),
        region: cell(cells.region),
        persona: cell(cells.persona),
        products: listCell(cells.products),
        tags: listCell(cells.tags),
        timezone: cell(cells.timezone),
      });
      if (!profile.success) {
        const e = fromIssues(profile.error.issues);
        fail(/at most|too_big/i.test(e.message) ? { ...e, code: 'imports.too_long' } : e);
        continue;
      }
      const data = profile.data;
      if (data.timezone) {
        const tz = canonicalTimeZone(data.timezone);
        if (!tz) {
          fail(rowError('imports.invalid_timezone', `"${data.timezone}" is not a known time zone`, 'timezone'));
          continue;
        }
        data.timezone = tz;
      }
      const roleNames = listCell(cells.roles)?.map((r) => r.toLowerCase());
      const badRole = roleNames?.find((r) => !(ROLES as readonly string[]).includes(r));
      if (badRole) {
        fail(rowError('imports.unknown_role', `Unknown role "${badRole}" (roles: ${ROLES.join(', ')})`, 'roles'));
        continue;
      }
      const groupNames = listCell(cells.groups) ?? [];
      const badGroup = groupNames.find((g) => !groupByKey.has(g.toLowerCase()) && !groupByKey.has(g));
      if (badGroup) {
        fail(rowError('imports.unknown_group', `No group is named "${badGroup}"`, 'groups'));
        continue;
      }
      const groupIds = [...new Set(groupNames.map((g) => groupByKey.get(g.toLowerCase()) ?? groupByKey.get(g)!))];
      const member = existing.get(email.data) ?? null;
      const changes: string[] = [];
      if (member) {
        for (const k of PROFILE_KEYS)
          if (data[k] !== undefined && !same(data[k], member[k as keyof MemberWithRoles])) changes.push(k);
        if (roleNames?.some((r) => !member.roles.includes(r as Role))) changes.push('roles');
        if (groupIds.length) {
          const mine = await groupsRepo.groupsOf(this.db, member.id);
          if (groupIds.some((g) => !mine.includes(g))) changes.push('groups');
        }
      }
      plans.push({
        row,
        email: email.data,
        profile: data,
        roles: roleNames as Role[] | undefined,
        groupIds,
        existing: member,
        changes,
      });
      report.push({ row, ok: true });
    }
    const byRow = new Map(report.map((r) => [r.row, r]));
    const created: PlannedMember[] = [];
    const write = async () => {
      await this.db.transaction(async (tx) => {
        for (const p of plans) {
          let memberId = p.existing?.id ?? null;
          if (!p.existing) {
            const patch = Object.fromEntries(
              PROFILE_KEYS.map((k) => [k, p.profile[k]]).filter(([, v]) => v !== undefined),
            );
            const m = await membersRepo.insert(
              tx,
              {
                ...patch,
                email: p.email,
                name: p.profile.name ?? p.email.split('@')[0]!,
                status: 'invited',
                trusted: true,
              },
              p.roles?.length ? p.roles : ['advocate'],
            );
            memberId = m.id;
            created.push(p);
          } else if (p.changes.length) {
            const patch = Object.fromEntries(
              p.changes.filter((k) => k !== 'roles' && k !== 'groups').map((k) => [k, p.profile[k as keyof Profile]]),
            );
            if (Object.keys(patch).length) await membersRepo.update(tx, p.existing.id, patch);
            if (p.roles) await membersRepo.addRoles(tx, p.existing.id, p.roles);
          }
          for (const g of p.groupIds) await groupsRepo.addMembers(tx, g, [memberId!]);
          const line = byRow.get(p.row)!;
          line.result = {
            email: p.email,
            action: !p.existing ? 'created' : p.changes.length ? 'updated' : 'unchanged',
            memberId,
            changes: p.changes,
            invited: false,
          };
        }
        await auditRepo.record(tx, {
          actorId,
          action: 'members.imported',
          targetType: 'import',
          targetId: null,
          data: {
            created: created.length,
            updated: plans.filter((p) => p.existing && p.changes.length).length,
            failed: report.length - plans.length,
          },
          ip,
        });
      });
      this.cache.clear();
    };
    if (opts.dryRun) {
      for (const p of plans)
        byRow.get(p.row)!.result = {
          email: p.email,
          action: !p.existing ? 'created' : p.changes.length ? 'updated' : 'unchanged',
          memberId: p.existing?.id ?? null,
          changes: p.changes,
          invited: false,
        };
    } else {
      await write();
      if (opts.invite && created.length) {
        // Invites go out after the members are stored, one email each through the email queue.
        const sent = await this.invites.inviteMany(
          actorId,
          {
            invites: created.map((p) => ({
              email: p.email,
              ...(p.profile.name ? { name: p.profile.name } : {}),
              roles: p.roles?.length ? p.roles : ['advocate'],
            })),
          },
          ip,
        );
        for (const r of sent.results)
          if (r.status === 'created') {
            const p = created.find((c) => c.email === r.email);
            if (p) byRow.get(p.row)!.result!.invited = true;
          }
      }
    }
    const count = (a: string) => report.filter((r) => r.result?.action === a).length;
    const ok = report.filter((r) => r.ok).length;
    return {
      dryRun: opts.dryRun,
      rows: report,
      summary: {
        total: report.length,
        ok,
        failed: report.length - ok,
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        invited: report.filter((r) => r.result?.invited).length,
      },
    };
  }
}
