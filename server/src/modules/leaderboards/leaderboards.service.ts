import {
  LeaderboardErrorCode,
  type BoardInfo,
  type EventBoard,
  type EventBoardBody,
  type LeaderboardEntry,
  type LeaderboardMe,
  type LeaderboardResponse,
  type PeriodInfo,
  type Season,
  type SeasonBody,
  type UpdateEventBoardBody,
  type UpdateSeasonBody,
  type WallActivity,
  type WallResponse,
} from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { AuthMember } from '../../platform/access.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { SegmentsService } from '../segments/segments.service.js';
import { segmentsRepo } from '../segments/segments.repo.js';
import { aliasName } from './engine/directory.js';
import { ALL_TIME, type BoardDef, type LeaderboardEngine } from './engine/engine.js';
import type { Range, View } from './engine/standing.js';
import { leaderboardsRepo } from './leaderboards.repo.js';
import { calendarRange, datedRange } from './periods.js';

type Caller = Pick<AuthMember, 'id' | 'roles'>;
type EventRow = NonNullable<Awaited<ReturnType<typeof leaderboardsRepo.event>>>;
type SeasonRow = NonNullable<Awaited<ReturnType<typeof leaderboardsRepo.season>>>;

const err = (code: string, status: number, message: string) => new AppError({ code, status, message });
const boardNotFound = () => err(LeaderboardErrorCode.boardNotFound, 404, 'No such leaderboard');
const notOnBoard = () => err(LeaderboardErrorCode.notOnBoard, 403, 'This leaderboard is for its members only');
const periodInvalid = (message: string) => err(LeaderboardErrorCode.periodInvalid, 400, message);
const seasonNotFound = () => err(LeaderboardErrorCode.seasonNotFound, 404, 'No such season');
const eventNotFound = () => err(LeaderboardErrorCode.eventNotFound, 404, 'No such event board');

/** Segment members are looked up again after this long: their rules depend on data that changes anywhere. */
const SEGMENT_TTL_MS = 30_000;
const NAME_TTL_MS = 60_000;

/** A board resolved for a caller: what the engine ranks and what the caller may see of it. */
export interface ResolvedBoard {
  def: BoardDef;
  info: Omit<BoardInfo, 'periods' | 'defaultPeriod'>;
  event: EventRow | null;
  /** The caller belongs on it (admins may look at boards they are not on). */
  callerOn: boolean;
}

export class LeaderboardsService {
  private names = new Map<string, { name: string; avatarUrl: string | null; at: number }>();
  /** The seasons, read once and forgotten when any node changes one (every board request lists them). */
  private seasonRows: Promise<SeasonRow[]> | null = null;

  constructor(
    private readonly db: Db,
    readonly engine: LeaderboardEngine,
    private readonly segments: SegmentsService,
    private readonly timezone: string,
    private readonly clock: () => Date,
    private readonly publicUrl: string,
  ) {
    engine.onMemberChange((id) => this.names.delete(id));
    engine.onDefinitionChange((what) => {
      if (what === 'season') this.seasonRows = null;
    });
  }

  private allSeasons(): Promise<SeasonRow[]> {
    if (!this.seasonRows) {
      const read = leaderboardsRepo.seasons(this.db);
      this.seasonRows = read;
      read.catch(() => {
        if (this.seasonRows === read) this.seasonRows = null;
      });
    }
    return this.seasonRows;
  }

  // ——— Boards and periods ———

  async resolveBoard(caller: Caller, board: string): Promise<ResolvedBoard> {
    const admin = caller.roles.includes('admin');
    const [kind, id] = board.split(':') as [string, string | undefined];
    if (kind === 'global') {
      return {
        def: { id: 'global' },
        info: { id: 'global', kind: 'global', name: 'Everyone' },
        event: null,
        callerOn: true,
      };
    }
    if (kind === 'group' && id) {
      const group = await leaderboardsRepo.group(this.db, id);
      if (!group) throw boardNotFound();
      const on = await leaderboardsRepo.isGroupMember(this.db, id, caller.id);
      if (!on && !admin) throw notOnBoard();
      return {
        def: { id: board, members: () => leaderboardsRepo.groupMemberIds(this.db, id) },
        info: { id: board, kind: 'group', name: group.name },
        event: null,
        callerOn: on,
      };
    }
    if (kind === 'segment' && id) {
      const segment = await segmentsRepo.findById(this.db, id);
      if (!segment) throw boardNotFound();
      const on = (await this.segments.audienceOf(caller.id)).segments.has(id);
      if (!on && !admin) throw notOnBoard();
      return {
        def: { id: board, members: () => this.segments.memberIds(id), membersTtlMs: SEGMENT_TTL_MS },
        info: { id: board, kind: 'segment', name: segment.name },
        event: null,
        callerOn: on,
      };
    }
    if (kind === 'event' && id) {
      const event = await leaderboardsRepo.event(this.db, id);
      if (!event) throw boardNotFound();
      const everyone = event.event.audience === 'everyone';
      const on = everyone || (await leaderboardsRepo.memberJoinCode(this.db, caller.id)) === event.event.joinCodeId;
      if (!on && !admin) throw notOnBoard();
      return {
        def: { id: board, joinCodeId: everyone ? undefined : event.event.joinCodeId },
        info: { id: board, kind: 'event', name: event.event.name },
        event,
        callerOn: on,
      };
    }
    throw boardNotFound();
  }

  /** The periods a board offers: all time, month, week and the seasons that have begun; an event board only its own range. */
  async periods(board: ResolvedBoard, caller: Caller): Promise<{ periods: PeriodInfo[]; defaultPeriod: string }> {
    if (board.event) {
      const e = board.event.event;
      return {
        periods: [{ id: 'event', label: e.name, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString() }],
        defaultPeriod: 'event',
      };
    }
    const now = this.clock();
    const month = calendarRange('month', now, this.timezone);
    const week = calendarRange('week', now, this.timezone);
    const admin = caller.roles.includes('admin');
    const seasons = (await this.allSeasons()).filter((s) => admin || s.startsAt <= now);
    return {
      periods: [
        { id: 'all', label: 'All time', startsAt: null, endsAt: null },
        { id: 'month', label: 'This month', startsAt: iso(month.start), endsAt: iso(month.end) },
        { id: 'week', label: 'This week', startsAt: iso(week.start), endsAt: iso(week.end) },
        ...seasons.map((s) => ({
          id: `season:${s.id}`,
          label: s.name,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
        })),
      ],
      defaultPeriod: 'all',
    };
  }

  /** The range a period counts over. */
  async range(board: ResolvedBoard, period: string): Promise<{ range: Range; info: PeriodInfo }> {
    if (board.event) {
      if (period !== 'event') throw periodInvalid('An event board has one period: event');
      const e = board.event.event;
      return {
        range: datedRange(`event:${e.id}`, e.startsAt, e.endsAt),
        info: { id: 'event', label: e.name, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString() },
      };
    }
    if (period === 'all')
      return { range: ALL_TIME, info: { id: 'all', label: 'All time', startsAt: null, endsAt: null } };
    if (period === 'month' || period === 'week') {
      const range = calendarRange(period, this.clock(), this.timezone);
      return {
        range,
        info: {
          id: period,
          label: period === 'month' ? 'This month' : 'This week',
          startsAt: iso(range.start),
          endsAt: iso(range.end),
        },
      };
    }
    if (period.startsWith('season:')) {
      const season = await leaderboardsRepo.season(this.db, period.slice('season:'.length));
      if (!season) throw periodInvalid('No such season');
      return {
        range: datedRange(`season:${season.id}`, season.startsAt, season.endsAt),
        info: {
          id: period,
          label: season.name,
          startsAt: season.startsAt.toISOString(),
          endsAt: season.endsAt.toISOString(),
        },
      };
    }
    throw periodInvalid('Use all, month, week or season:<id> on this board');
  }

  async boards(caller: Caller): Promise<BoardInfo[]> {
    const admin = caller.roles.includes('admin');
    const ids: string[] = ['global'];
    if (admin) {
      const [groups, segs, events] = await Promise.all([
        this.allGroups(),
        segmentsRepo.list(this.db),
        leaderboardsRepo.events(this.db),
      ]);
      ids.push(...groups.map((g) => `group:${g}`), ...segs.map((s) => `segment:${s.id}`));
      ids.push(...events.map((e) => `event:${e.event.id}`));
    } else {
      const [groups, code, everyone] = await Promise.all([
        leaderboardsRepo.groupsOf(this.db, caller.id),
        leaderboardsRepo.memberJoinCode(this.db, caller.id),
        leaderboardsRepo.eventsForEveryone(this.db),
      ]);
      const mine = code ? await leaderboardsRepo.eventsOfCode(this.db, code) : [];
      ids.push(...groups.map((g) => `group:${g.id}`));
      const events = new Set([...mine, ...everyone].map((e) => e.event.id));
      ids.push(...[...events].map((e) => `event:${e}`));
    }
    const out: BoardInfo[] = [];
    for (const id of ids) {
      const board = await this.resolveBoard(caller, id).catch(() => null);
      if (!board) continue;
      out.push({ ...board.info, ...(await this.periods(board, caller)) });
    }
    return out;
  }

  private async allGroups(): Promise<string[]> {
    const rows = await this.db.query.groups.findMany({ columns: { id: true }, orderBy: (g, { asc }) => [asc(g.name)] });
    return rows.map((r) => r.id);
  }

  // ——— A board's ranking ———

  async leaderboard(
    caller: Caller,
    boardId: string,
    period: string | undefined,
    limit: number,
  ): Promise<LeaderboardResponse> {
    const board = await this.resolveBoard(caller, boardId);
    const { periods, defaultPeriod } = await this.periods(board, caller);
    const { range, info } = await this.range(board, period ?? defaultPeriod);
    const view = await this.engine.view(board.def, range);
    // One moment of the board: the count and time are read with the rows, before any await lets a
    // change in (names are looked up after the rows are chosen).
    const total = view.index.size;
    const updatedAt = new Date(view.updatedAt).toISOString();
    const [entries, me] = await Promise.all([this.top(view, limit, caller.id), this.me(view, caller, board.callerOn)]);
    return { board: { ...board.info, periods, defaultPeriod }, period: info, entries, me, total, updatedAt };
  }

  /** The top `limit` rows of a view (ties share a rank). */
  top(view: View, limit: number, callerId?: string): Promise<LeaderboardEntry[]> {
    return this.rows(view, view.index.slice(0, limit), callerId, 0);
  }

  /**
   * Rows as a board shows them. `from`: the slots are the index's positions from there on, so a
   * rank is the position of the first of its equals (no search per row).
   */
  private async rows(view: View, slots: number[], callerId?: string, from?: number): Promise<LeaderboardEntry[]> {
    const { dir } = this.engine;
    const standing = view.standing;
    const named = slots.filter((s) => dir.visibilityOf(s) === 'named').map((s) => dir.idOf(s));
    const people = await this.people(named);
    let rank = 0;
    let last = NaN;
    return slots.map((slot, i) => {
      const id = dir.idOf(slot);
      const points = standing.points(slot);
      if (points !== last) {
        rank = from !== undefined && i > 0 ? from + i + 1 : view.index.countAbove(points) + 1;
        last = points;
      }
      const anonymous = dir.visibilityOf(slot) !== 'named';
      const person = people.get(id);
      return {
        rank,
        memberId: anonymous ? `anonymous:${dir.aliasOf(slot)}` : id,
        name: anonymous ? aliasName(dir.aliasOf(slot)) : (person?.name ?? 'Member'),
        points,
        anonymous,
        isMe: id === callerId,
        avatarUrl: anonymous ? null : (person?.avatarUrl ?? null),
      };
    });
  }

  /**
   * Names of shown members, cached (a live board asks for the same few again and again) until a
   * member's change reaches this node, or for a minute at most.
   */
  private async people(ids: string[]) {
    const now = Date.now();
    const missing = ids.filter((id) => {
      const hit = this.names.get(id);
      return !hit || now - hit.at > NAME_TTL_MS;
    });
    if (missing.length) {
      const found = await leaderboardsRepo.people(this.db, missing);
      for (const [id, p] of found) this.names.set(id, { ...p, at: now });
      if (this.names.size > 50_000) this.names.clear();
    }
    return new Map(ids.map((id) => [id, this.names.get(id)!] as const).filter(([, p]) => p));
  }

  /** Names and avatars of members (cached briefly). */
  namesOf(ids: string[]) {
    return this.people(ids);
  }

  /** Forget a member's cached name (renamed). */
  forgetName(memberId: string): void {
    this.names.delete(memberId);
  }

  /** The caller's standing on a view: null when they are not on the board or not an advocate. */
  async me(view: View, caller: Caller, callerOn = true): Promise<LeaderboardMe | null> {
    const { dir } = this.engine;
    if (!callerOn || !caller.roles.includes('advocate')) return null;
    const slot = dir.slotOf(caller.id);
    const points = slot === undefined ? 0 : view.standing.points(slot);
    const visibility = slot === undefined ? 'named' : dir.visibilityOf(slot);
    const eligible = slot !== undefined && dir.eligible(slot, this.engine.includeStaff);
    const onBoard = slot !== undefined && view.member(slot);
    const ranked = eligible && onBoard && visibility !== 'hidden';
    const above = view.index.countAbove(points);
    const rank = eligible && onBoard && points > 0 ? above + 1 : null;
    let neighbours: number[] = [];
    if (rank !== null) {
      if (slot !== undefined && view.has(slot)) {
        const at = view.index.positionOf(slot);
        const from = Math.max(0, at - 2);
        neighbours = view.index.slice(from, at - from + 3);
      } else {
        const from = Math.max(0, above - 2);
        neighbours = view.index.slice(from, above - from + 2);
      }
    }
    const passSlot = view.index.nearestAbove(Math.max(points, 0));
    const rows = await this.rows(view, passSlot === null ? neighbours : [...neighbours, passSlot], caller.id);
    const pass = passSlot === null ? null : rows.pop()!;
    return {
      rank,
      points,
      visibility,
      ranked,
      neighbours: rows,
      toPass: pass && eligible && onBoard ? { name: pass.name, points: pass.points - points + 1 } : null,
    };
  }

  // ——— The wall ———

  async wall(caller: Caller, boardId: string): Promise<WallResponse> {
    const board = await this.resolveBoard(caller, boardId);
    const { periods, defaultPeriod } = await this.periods(board, caller);
    const { range } = await this.range(board, defaultPeriod);
    const view = await this.engine.view(board.def, range);
    const join = board.event
      ? {
          code: board.event.code,
          label: board.event.label,
          url: `${this.publicUrl.replace(/\/$/, '')}/join?code=${encodeURIComponent(board.event.code)}`,
        }
      : null;
    return {
      board: { ...board.info, periods, defaultPeriod },
      join,
      activity: await this.activity(view, range, 20),
    };
  }

  /** Recent earnings of the board's members, shown as the board shows them (hidden members left out). */
  async activity(view: View, range: Range, limit: number): Promise<WallActivity[]> {
    const rows = await leaderboardsRepo.recentEarnings(this.db, range, limit * 5);
    const out: WallActivity[] = [];
    const { dir } = this.engine;
    const shown = rows.filter((r) => {
      const slot = dir.slotOf(r.memberId);
      return slot !== undefined && view.member(slot) && this.engine.ranked(slot);
    });
    const people = await this.people(shown.map((r) => r.memberId));
    for (const r of shown.slice(0, limit)) {
      const slot = dir.slotOf(r.memberId)!;
      out.push(this.activityItem(String(r.id), slot, r.points, r.reason, r.at, people.get(r.memberId)?.name));
    }
    return out;
  }

  activityItem(id: string, slot: number, points: number, reason: string, at: Date, name?: string): WallActivity {
    const { dir } = this.engine;
    const anonymous = dir.visibilityOf(slot) !== 'named';
    return {
      id,
      at: at.toISOString(),
      name: anonymous ? aliasName(dir.aliasOf(slot)) : (name ?? 'Member'),
      text: reason,
      points,
    };
  }

  /** Where the caller stands on the all-time board (for the home page): rank and whom to pass next. */
  async standing(caller: Caller): Promise<(LeaderboardMe & { total: number }) | null> {
    const board = await this.resolveBoard(caller, 'global');
    const view = await this.engine.view(board.def, ALL_TIME);
    const me = await this.me(view, caller, true);
    return me ? { ...me, total: view.index.size } : null;
  }

  // ——— Admin ———

  async settings() {
    return { includeStaff: await leaderboardsRepo.includeStaff(this.engine.pool) };
  }

  async setSettings(actor: Caller, includeStaff: boolean) {
    await this.db.transaction(async (tx) => {
      await leaderboardsRepo.setIncludeStaff(tx, includeStaff);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.settings',
        targetType: 'program',
        targetId: null,
        data: { includeStaff },
      });
    });
    return { includeStaff };
  }

  async seasons(): Promise<Season[]> {
    return (await leaderboardsRepo.seasons(this.db)).map(seasonView);
  }

  async createSeason(actor: Caller, body: SeasonBody): Promise<Season> {
    const row = await this.db.transaction(async (tx) => {
      const r = await leaderboardsRepo.insertSeason(tx, {
        name: body.name,
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        createdBy: actor.id,
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.season_created',
        targetType: 'season',
        targetId: r.id,
        data: { name: r.name },
      });
      return r;
    });
    this.seasonRows = null;
    return seasonView(row);
  }

  async updateSeason(actor: Caller, id: string, body: UpdateSeasonBody): Promise<Season> {
    const row = await this.db.transaction(async (tx) => {
      const before = await leaderboardsRepo.season(tx, id);
      if (!before) throw seasonNotFound();
      const startsAt = body.startsAt ? new Date(body.startsAt) : before.startsAt;
      const endsAt = body.endsAt ? new Date(body.endsAt) : before.endsAt;
      if (startsAt >= endsAt) throw rangeError();
      const r = await leaderboardsRepo.updateSeason(tx, id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.startsAt ? { startsAt } : {}),
        ...(body.endsAt ? { endsAt } : {}),
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.season_updated',
        targetType: 'season',
        targetId: id,
        data: body,
      });
      return r!;
    });
    this.seasonRows = null;
    return seasonView(row);
  }

  async removeSeason(actor: Caller, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await leaderboardsRepo.removeSeason(tx, id))) throw seasonNotFound();
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.season_deleted',
        targetType: 'season',
        targetId: id,
      });
    });
    this.seasonRows = null;
  }

  async events(): Promise<EventBoard[]> {
    return (await leaderboardsRepo.events(this.db)).map(eventView);
  }

  async createEvent(actor: Caller, body: EventBoardBody): Promise<EventBoard> {
    const id = await this.db.transaction(async (tx) => {
      if (!(await leaderboardsRepo.joinCode(tx, body.joinCodeId)))
        throw err(LeaderboardErrorCode.joinCodeNotFound, 422, 'No such join code');
      const eventId = await leaderboardsRepo.insertEvent(tx, {
        name: body.name,
        joinCodeId: body.joinCodeId,
        audience: body.audience ?? 'code',
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        createdBy: actor.id,
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.event_created',
        targetType: 'event_board',
        targetId: eventId,
        data: { name: body.name },
      });
      return eventId;
    });
    return eventView((await leaderboardsRepo.event(this.db, id))!);
  }

  async updateEvent(actor: Caller, id: string, body: UpdateEventBoardBody): Promise<EventBoard> {
    await this.db.transaction(async (tx) => {
      const before = await leaderboardsRepo.event(tx, id);
      if (!before) throw eventNotFound();
      const startsAt = body.startsAt ? new Date(body.startsAt) : before.event.startsAt;
      const endsAt = body.endsAt ? new Date(body.endsAt) : before.event.endsAt;
      if (startsAt >= endsAt) throw rangeError();
      await leaderboardsRepo.updateEvent(tx, id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.audience !== undefined ? { audience: body.audience } : {}),
        ...(body.startsAt ? { startsAt } : {}),
        ...(body.endsAt ? { endsAt } : {}),
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.event_updated',
        targetType: 'event_board',
        targetId: id,
        data: body,
      });
    });
    return eventView((await leaderboardsRepo.event(this.db, id))!);
  }

  async removeEvent(actor: Caller, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await leaderboardsRepo.removeEvent(tx, id))) throw eventNotFound();
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'leaderboards.event_deleted',
        targetType: 'event_board',
        targetId: id,
      });
    });
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function rangeError() {
  return new AppError({
    code: 'validation.failed',
    status: 400,
    message: 'The end must be after the start',
    details: { fields: { endsAt: 'The end must be after the start' } },
  });
}

function seasonView(r: SeasonRow): Season {
  return {
    id: r.id,
    name: r.name,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}

function eventView(r: EventRow): EventBoard {
  return {
    id: r.event.id,
    name: r.event.name,
    joinCodeId: r.event.joinCodeId,
    joinCode: { code: r.code, label: r.label },
    audience: r.event.audience,
    startsAt: r.event.startsAt.toISOString(),
    endsAt: r.event.endsAt.toISOString(),
    createdAt: r.event.createdAt.toISOString(),
  };
}
