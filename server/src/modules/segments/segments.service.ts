import { sql, type SQL } from 'drizzle-orm';
import {
  SegmentErrorCode as E,
  type Segment,
  type SegmentBody,
  type SegmentPreviewResponse,
  type SegmentRule,
  type SegmentValuesResponse,
  type Targeting,
} from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import type { DefinitionCache } from '../../platform/cache.js';
import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from '../../platform/errors.js';
import { auditRepo } from '../audit/audit.repo.js';
import { challengesRepo } from '../challenges/challenges.repo.js';
import { groupsRepo } from '../groups/groups.repo.js';
import { levelFor, levelsRepo } from '../levels/levels.repo.js';
import { membersRepo, type MemberSnapshot } from '../members/members.repo.js';
import { members } from '../members/members.table.js';
import { matchesRule, ruleReferences, ruleSql, type RuleContext, type SegmentSubject } from './segments.rules.js';
import { segmentsRepo } from './segments.repo.js';
import { rewardsRepo } from '../rewards/rewards.repo.js';
import { usageText } from './usage.js';
import type { SegmentRow } from './segments.table.js';

/** The ids among these that name no existing segment or group (for targeting and visibility). */
export async function unknownTargets(
  ex: Executor,
  ids: { segmentIds: string[]; groupIds: string[] },
): Promise<string[]> {
  const segmentIds = [...new Set(ids.segmentIds)];
  const groupIds = [...new Set(ids.groupIds)];
  // One after the other: `ex` may be a transaction, whose one client runs one query at a time.
  const segs = await segmentsRepo.existing(ex, segmentIds);
  const groups = await groupsRepo.existing(ex, groupIds);
  return [...segmentIds.filter((id) => !segs.includes(id)), ...groupIds.filter((id) => !groups.includes(id))];
}

const notFound = () => new AppError({ code: E.notFound, status: 404, message: 'Segment not found' });
const SAMPLE = 10;

interface Actor {
  id: string;
  ip: string | null;
}

/** Saved member rules: CRUD (audited), live counts, and matching one member for targeting. */
export class SegmentsService {
  constructor(
    private readonly db: Db,
    private readonly cache: DefinitionCache,
    private readonly timezone: string,
    private readonly clock: () => Date,
  ) {}

  /** All segments, from the definitions cache (cleared by every segment write). */
  definitions(): Promise<SegmentRow[]> {
    return this.cache.get('segments', () => segmentsRepo.list(this.db));
  }

  async context(): Promise<RuleContext> {
    return { levels: await levelsRepo.cached(this.db, this.cache), now: this.clock(), timezone: this.timezone };
  }

  /**
   * A synchronous matcher over the current definitions: the ids among `ids` of segments a member
   * matches. Load it before a transaction opens (the cache reads through the pool).
   */
  async matcher(): Promise<(subject: SegmentSubject, ids: Iterable<string>) => Set<string>> {
    const [defs, ctx] = await Promise.all([this.definitions(), this.context()]);
    return (subject, ids) => {
      const wanted = new Set(ids);
      const out = new Set<string>();
      for (const s of defs) if (wanted.has(s.id) && matchesRule(s.rule, subject, ctx)) out.add(s.id);
      return out;
    };
  }

  /**
   * A member with what targeting needs: groups, the segments they match now and their level.
   * Reads through the pool: call it outside transactions. `known`: the member as this request's
   * authentication read it (with its groups), which saves reading it again.
   */
  async audienceOf(memberId: string, known?: MemberSnapshot | null) {
    const mine = known && known.id === memberId ? known : null;
    const [member, levels, groupIds] = await Promise.all([
      mine ?? membersRepo.findById(this.db, memberId),
      levelsRepo.cached(this.db, this.cache),
      mine ? mine.groupIds : groupsRepo.groupsOf(this.db, memberId),
    ]);
    if (!member) throw new AppError({ code: 'members.not_found', status: 404, message: 'Member not found' });
    const groups = new Set(groupIds);
    const segments = await this.matchingAll({ ...member, groupIds: groups });
    const { current, next } = levelFor(levels, member.lifetime);
    return { member, levels, groups, segments, rank: current?.rank ?? 0, next };
  }

  /** Every segment the member matches now. */
  async matchingAll(subject: SegmentSubject): Promise<Set<string>> {
    const defs = await this.definitions();
    return (await this.matcher())(
      subject,
      defs.map((d) => d.id),
    );
  }

  // ---------------------------------------------------------------- reads

  async list(): Promise<Segment[]> {
    const rows = await segmentsRepo.list(this.db);
    return this.views(rows);
  }

  async get(id: string): Promise<Segment> {
    const row = await segmentsRepo.findById(this.db, id);
    if (!row) throw notFound();
    return (await this.views([row]))[0]!;
  }

  private async views(rows: SegmentRow[]): Promise<Segment[]> {
    const ctx = await this.context();
    const [{ counts }, targeting] = await Promise.all([
      segmentsRepo.counts(
        this.db,
        rows.map((r) => ruleSql(r.rule, ctx)),
      ),
      challengesRepo.targetingSegments(this.db),
    ]);
    return rows.map((r, i) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      rule: r.rule,
      memberCount: counts[i] ?? 0,
      usedBy: targeting
        .filter((c) => c.targeting.includeSegmentIds.includes(r.id) || c.targeting.excludeSegmentIds.includes(r.id))
        .map((c) => ({ id: c.id, title: c.title })),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async preview(rule: SegmentRule): Promise<SegmentPreviewResponse> {
    const where = ruleSql(rule, await this.context());
    const [{ total, counts }, sample] = await Promise.all([
      segmentsRepo.counts(this.db, [where]),
      segmentsRepo.sample(this.db, where, SAMPLE),
    ]);
    return { count: counts[0]!, total, sample };
  }

  /** Every member a segment matches now (leaderboards rank them). */
  async memberIds(id: string): Promise<string[]> {
    const row = await segmentsRepo.findById(this.db, id);
    if (!row) return [];
    return segmentsRepo.ids(this.db, ruleSql(row.rule, await this.context()));
  }

  async members(id: string, limit: number) {
    const row = await segmentsRepo.findById(this.db, id);
    if (!row) throw notFound();
    const where = ruleSql(row.rule, await this.context());
    const [{ counts }, list] = await Promise.all([
      segmentsRepo.counts(this.db, [where]),
      segmentsRepo.sample(this.db, where, limit),
    ]);
    return { count: counts[0]!, members: list };
  }

  async values(): Promise<SegmentValuesResponse> {
    const fields: SegmentValuesResponse['fields'] = {
      company: [],
      title: [],
      industry: [],
      region: [],
      persona: [],
      products: [],
      tags: [],
    };
    for (const r of await segmentsRepo.values(this.db))
      fields[r.field as keyof typeof fields]?.push({ value: r.value, count: r.count });
    return { fields };
  }

  /** Active members a challenge's targeting reaches: (no include list, or in an included group or
   * segment) and in no excluded group or segment. */
  async audience(t: Targeting): Promise<{ count: number; total: number }> {
    const [defs, ctx] = await Promise.all([segmentsRepo.list(this.db), this.context()]);
    const rule = (id: string) => {
      const s = defs.find((d) => d.id === id);
      return s ? ruleSql(s.rule, ctx) : sql`false`;
    };
    const inGroups = (ids: string[]) =>
      ids.length
        ? sql`exists (select 1 from group_members gm where gm.member_id = ${members.id} and gm.group_id in (${sql.join(
            ids.map((g) => sql`${g}::uuid`),
            sql`, `,
          )}))`
        : sql`false`;
    const any = (parts: SQL[]) => (parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`);
    const included =
      t.includeGroupIds.length + t.includeSegmentIds.length === 0
        ? sql`true`
        : any([inGroups(t.includeGroupIds), ...t.includeSegmentIds.map(rule)]);
    const excluded = any([inGroups(t.excludeGroupIds), ...t.excludeSegmentIds.map(rule)]);
    const { total, counts } = await segmentsRepo.counts(this.db, [sql`(${included} and not ${excluded})`]);
    return { count: counts[0]!, total };
  }

  // ---------------------------------------------------------------- writes

  private async assertReferences(ex: Executor, rule: SegmentRule) {
    const refs = ruleReferences(rule);
    const levels = await levelsRepo.list(ex); // `ex` is the write's transaction: one query at a time
    const groups = await groupsRepo.existing(ex, refs.groupIds);
    const missing = [
      ...refs.levelIds.filter((id) => !levels.some((l) => l.id === id)),
      ...refs.groupIds.filter((id) => !groups.includes(id)),
    ];
    if (missing.length)
      throw new AppError({
        code: E.unknownReference,
        status: 422,
        message: 'The rule refers to levels or groups that do not exist',
        details: { ids: missing },
      });
  }

  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
        throw new AppError({ code: E.nameTaken, status: 409, message: 'A segment with this name exists' });
      throw err;
    } finally {
      this.cache.clear();
    }
  }

  async create(actor: Actor, body: SegmentBody): Promise<Segment> {
    const row = await this.write(() =>
      this.db.transaction(async (tx) => {
        await this.assertReferences(tx, body.rule);
        const row = await segmentsRepo.insert(tx, {
          name: body.name,
          description: body.description ?? null,
          rule: body.rule,
        });
        await auditRepo.record(tx, {
          actorId: actor.id,
          action: 'segment.created',
          targetType: 'segment',
          targetId: row.id,
          data: body,
          ip: actor.ip,
        });
        return row;
      }),
    );
    return this.get(row.id);
  }

  async update(actor: Actor, id: string, body: Partial<SegmentBody>): Promise<Segment> {
    await this.write(() =>
      this.db.transaction(async (tx) => {
        if (body.rule) await this.assertReferences(tx, body.rule);
        const patch: Partial<SegmentRow> = {};
        if (body.name !== undefined) patch.name = body.name;
        if (body.description !== undefined) patch.description = body.description;
        if (body.rule !== undefined) patch.rule = body.rule;
        const before = await segmentsRepo.findById(tx, id);
        if (!before || !(await segmentsRepo.update(tx, id, patch))) throw notFound();
        await auditRepo.record(tx, {
          actorId: actor.id,
          action: 'segment.updated',
          targetType: 'segment',
          targetId: id,
          data: { before: { name: before.name, description: before.description, rule: before.rule }, after: body },
          ip: actor.ip,
        });
      }),
    );
    return this.get(id);
  }

  /** Refused while a challenge targets the segment: dropping it would silently widen or narrow who sees it. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.write(() =>
      this.db.transaction(async (tx) => {
        const users = (await challengesRepo.targetingSegments(tx)).filter(
          (c) => c.targeting.includeSegmentIds.includes(id) || c.targeting.excludeSegmentIds.includes(id),
        );
        const rewards = await rewardsRepo.referencing(tx, id);
        if (users.length || rewards.length) {
          const usage = { challenges: users.map((c) => ({ id: c.id, title: c.title })), rewards, segments: [] };
          throw new AppError({
            code: E.inUse,
            status: 409,
            message: `This segment is used by ${usageText(usage)}; remove it from their audience first`,
            details: usage,
          });
        }
        const row = await segmentsRepo.findById(tx, id);
        if (!row || !(await segmentsRepo.remove(tx, id))) throw notFound();
        await auditRepo.record(tx, {
          actorId: actor.id,
          action: 'segment.deleted',
          targetType: 'segment',
          targetId: id,
          data: { name: row.name, rule: row.rule },
          ip: actor.ip,
        });
      }),
    );
  }
}
