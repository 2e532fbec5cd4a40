import {
  ReferenceSettings,
  type AskKind,
  type ReferenceActivity,
  type ReferenceAsk,
  type ReferenceMatch,
  type ReferenceProfile,
  type ReferenceProfileBody,
  type ReferenceRequest,
  type ReferenceRequestBody,
  type Role,
} from '@advocate-hub/shared';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { AuthMember } from '../../platform/access.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import type { AskDecisionBody, ReferenceSettingsPatch } from '@advocate-hub/shared';
import { auditRepo } from '../audit/audit.repo.js';
import { ledgerRepo } from '../ledger/ledger.repo.js';
import { levelsRepo } from '../levels/levels.repo.js';
import { noteLevelChange } from '../levels/levels.service.js';
import type { BadgesService } from '../badges/badges.service.js';
import type { DefinitionCache } from '../../platform/cache.js';
import type { Outbox } from '../../platform/events.js';
import { blackedOut, fatigueOf, fitOf } from './fatigue.js';
import { referencesRepo, type AskRow, type RequestRow } from './references.repo.js';

const err = (code: string, status: number, message: string, details?: unknown) =>
  new AppError({ code, status, message, details });
const requestNotFound = () => err('references.request_not_found', 404, 'Reference request not found');
const askNotFound = () => err('references.ask_not_found', 404, 'Ask not found');
const DAY_MS = 86_400_000;
const isAdmin = (m: AuthMember) => m.roles.includes('admin' satisfies Role);
const iso = (d: Date | null) => d?.toISOString() ?? null;

const FATIGUE_TEXT = {
  rest_days: 'They are resting after a recent call',
  person_cap: 'They have been asked as often as the program allows this period',
  call_cap: 'They have taken as many calls as the program allows this period',
  account_cap: 'Their company has been asked as often as the program allows this period',
} as const;

function askView(a: AskRow, m: { name: string; company: string | null }): ReferenceAsk {
  return {
    id: a.id,
    requestId: a.requestId,
    member: { id: a.memberId, name: m.name, company: m.company },
    activity: a.activity as ReferenceActivity,
    status: a.status,
    message: a.message,
    points: a.points,
    slots: a.slots.map((s) => s.toISOString()),
    scheduledAt: iso(a.scheduledAt),
    declineReason: a.declineReason as ReferenceAsk['declineReason'],
    declineNote: a.declineNote,
    advocateConfirmedAt: iso(a.advocateConfirmedAt),
    requesterConfirmedAt: iso(a.requesterConfirmedAt),
    sentAt: a.sentAt.toISOString(),
    respondedAt: iso(a.respondedAt),
    completedAt: iso(a.completedAt),
  };
}

/**
 * The reference desk: advocates' reference profiles, requests from sellers and marketers, matching
 * ranked by fit and by one fatigue ledger across every kind of ask, asks and their answers, the
 * call confirmed by both sides, and points on completion.
 */
export class ReferencesService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly badges: BadgesService,
    private readonly cache: DefinitionCache,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  // ------------------------------------------------------------ settings

  settings(): Promise<ReferenceSettings> {
    return referencesRepo.settings(this.db);
  }

  async updateSettings(actor: AuthMember, patch: z.infer<typeof ReferenceSettingsPatch>, ip: string | null) {
    return this.db.transaction(async (tx) => {
      await referencesRepo.lockSettings(tx);
      const now = await referencesRepo.settings(tx);
      const next = ReferenceSettings.parse({ ...now, ...patch, points: { ...now.points, ...patch.points } });
      await referencesRepo.saveSettings(tx, next);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'references.settings_updated',
        targetType: 'program',
        targetId: 'references',
        data: patch,
        ip,
      });
      return next;
    });
  }

  // ------------------------------------------------------------ profile

  /** The member's reference profile; before they save one, prefilled from their member profile. */
  async profile(memberId: string): Promise<ReferenceProfile> {
    const row = (await referencesRepo.profileOf(this.db, memberId))!;
    const p = row.profile;
    return {
      optedIn: p?.optedIn ?? false,
      products: p?.products ?? row.member.products,
      industry: p ? p.industry : row.member.industry,
      region: p ? p.region : row.member.region,
      companySize: (p?.companySize ?? null) as ReferenceProfile['companySize'],
      activities: (p?.activities ?? []) as ReferenceActivity[],
      languages: p?.languages ?? [],
      blackouts: p?.blackouts ?? [],
      note: p?.note ?? null,
      account: row.account,
      updatedAt: iso(p?.updatedAt ?? null),
    };
  }

  async saveProfile(memberId: string, body: ReferenceProfileBody): Promise<ReferenceProfile> {
    await referencesRepo.saveProfile(this.db, memberId, body);
    return this.profile(memberId);
  }

  // ------------------------------------------------------------ requests

  async createRequest(actor: AuthMember, body: ReferenceRequestBody): Promise<ReferenceRequest> {
    const row = await referencesRepo.insertRequest(this.db, { ...body, requesterId: actor.id });
    return (await this.requestViews(this.db, [row.id], actor))[0]!;
  }

  /** Requests the caller may see: an admin every one, a requester their own. */
  async listRequests(actor: AuthMember): Promise<ReferenceRequest[]> {
    const rows = await referencesRepo.listRequests(this.db, isAdmin(actor) ? {} : { requesterId: actor.id });
    return this.viewsOf(this.db, rows, actor);
  }

  async request(actor: AuthMember, id: string): Promise<ReferenceRequest> {
    const [view] = await this.requestViews(this.db, [id], actor);
    if (!view || !this.mayHandle(actor, view.requester.id)) throw requestNotFound();
    return view;
  }

  /** The requester (or an admin) tells how the deal ended: won revenue counts won deals a reference helped. */
  async setOutcome(
    actor: AuthMember,
    id: string,
    outcome: 'won' | 'lost',
    amount: number | undefined,
    ip: string | null,
  ) {
    await this.db.transaction(async (tx) => {
      const r = await referencesRepo.findRequest(tx, id, true);
      if (!r || !this.mayHandle(actor, r.requesterId)) throw requestNotFound();
      await referencesRepo.updateRequest(tx, id, {
        outcome,
        outcomeAt: this.clock(),
        ...(amount === undefined ? {} : { amount }),
        ...(r.status === 'open' ? { status: 'cancelled' as const } : {}),
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'references.outcome',
        targetType: 'reference_request',
        targetId: id,
        data: { outcome, amount: amount ?? r.amount },
        ip,
      });
    });
    return this.request(actor, id);
  }

  private mayHandle(actor: AuthMember, requesterId: string) {
    return isAdmin(actor) || actor.id === requesterId;
  }

  private async requestViews(ex: Db | Tx, ids: string[], actor: AuthMember) {
    return this.viewsOf(ex, await referencesRepo.listRequests(ex, { ids }), actor);
  }

  private async viewsOf(
    ex: Db | Tx,
    rows: { r: RequestRow; requesterName: string }[],
    actor: AuthMember,
  ): Promise<ReferenceRequest[]> {
    // One after the other: `ex` may be a transaction, which runs one query at a time.
    const asks = await referencesRepo.asksOf(
      ex,
      rows.map((x) => x.r.id),
    );
    const settings = await referencesRepo.settings(ex);
    const sends = isAdmin(actor) || settings.requestersMaySend;
    return rows.map(({ r, requesterName }) => ({
      id: r.id,
      opportunity: r.opportunity,
      prospectCompany: r.prospectCompany,
      amount: r.amount,
      product: r.product,
      industry: r.industry,
      region: r.region,
      companySize: r.companySize as ReferenceRequest['companySize'],
      language: r.language,
      activity: r.activity as ReferenceActivity,
      dueAt: r.dueAt,
      notes: r.notes,
      status: r.status,
      outcome: r.outcome,
      canAsk: sends && r.status === 'open',
      requester: { id: r.requesterId, name: requesterName },
      createdAt: r.createdAt.toISOString(),
      fulfilledAt: iso(r.fulfilledAt),
      asks: asks.filter((a) => a.a.requestId === r.id).map((a) => askView(a.a, a)),
    }));
  }

  /**
   * The advocates who could answer a request, best first: people who may be asked now before those
   * the fatigue rules hold back, then by fit, then the least asked this period.
   */
  async matches(actor: AuthMember, requestId: string): Promise<ReferenceMatch[]> {
    const request = await referencesRepo.findRequest(this.db, requestId);
    if (!request || !this.mayHandle(actor, request.requesterId)) throw requestNotFound();
    const now = this.clock();
    const [settings, people, asked] = await Promise.all([
      referencesRepo.settings(this.db),
      referencesRepo.candidates(this.db, request.activity),
      referencesRepo.asksOf(this.db, [request.id]),
    ]);
    const askedIds = new Set(asked.map((a) => a.a.memberId));
    const facts = await referencesRepo.fatigueFacts(
      this.db,
      people.map((p) => ({ memberId: p.id, account: p.account })),
      now,
    );
    const matches = people.map((p): ReferenceMatch => {
      const { fit, reasons } = fitOf(request, p.profile);
      return {
        member: { id: p.id, name: p.name, company: p.company, title: p.title, avatarUrl: p.avatarUrl },
        account: p.account,
        fit,
        reasons,
        fatigue: fatigueOf(settings, facts.get(p.id)!, request.activity as AskKind, now),
        blackedOut: blackedOut(p.profile.blackouts, request.dueAt),
        alreadyAsked: askedIds.has(p.id),
      };
    });
    const askable = (m: ReferenceMatch) => !m.fatigue.blockedBy && !m.blackedOut && !m.alreadyAsked;
    return matches.sort(
      (a, b) =>
        Number(askable(b)) - Number(askable(a)) ||
        b.fit - a.fit ||
        a.fatigue.asksInPeriod - b.fatigue.asksInPeriod ||
        a.member.name.localeCompare(b.member.name),
    );
  }

  // ------------------------------------------------------------ asks

  /**
   * Sends an ask: under the account's and the person's locks the fatigue ledger is counted and the
   * ask recorded in it, so no interleaving of asks ever passes a cap.
   */
  async ask(actor: AuthMember, requestId: string, memberId: string, message: string | null, ip: string | null) {
    return this.uow.run(async (tx, outbox) => {
      const request = await referencesRepo.findRequest(tx, requestId, true);
      if (!request || !this.mayHandle(actor, request.requesterId)) throw requestNotFound();
      const settings = await referencesRepo.settings(tx);
      if (!isAdmin(actor) && !settings.requestersMaySend)
        throw err('references.send_not_allowed', 403, 'An admin sends asks in this program; ask them to send it');
      if (request.status !== 'open') throw err('references.request_closed', 409, 'This request is no longer open');
      const [person] = await referencesRepo.candidates(tx, request.activity, memberId);
      if (!person)
        throw err(
          'references.not_referenceable',
          422,
          'This person has not opted in to this kind of reference (or is not an active advocate)',
        );
      if (blackedOut(person.profile.blackouts, request.dueAt))
        throw err('references.blacked_out', 409, 'This person asked not to be contacted around the due date');
      const now = this.clock();
      await referencesRepo.lockFatigue(tx, person.account, memberId);
      const facts = (await referencesRepo.fatigueFacts(tx, [{ memberId, account: person.account }], now)).get(
        memberId,
      )!;
      const fatigue = fatigueOf(settings, facts, request.activity as AskKind, now);
      if (fatigue.blockedBy)
        throw err('references.fatigue_cap', 409, `${FATIGUE_TEXT[fatigue.blockedBy]}; ask someone else`, fatigue);
      const activity = request.activity as ReferenceActivity;
      const ask = await referencesRepo.insertAsk(tx, {
        requestId,
        memberId,
        activity,
        message,
        points: settings.points[activity] ?? 0,
        sentBy: actor.id,
        sentAt: now,
      });
      if (!ask) throw err('references.already_asked', 409, 'This person was already asked for this request');
      await referencesRepo.recordAsk(tx, {
        memberId,
        account: person.account,
        kind: activity,
        sourceType: 'reference_ask',
        sourceId: ask.id,
        askedAt: now,
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'references.asked',
        targetType: 'reference_request',
        targetId: requestId,
        data: { memberId, askId: ask.id, activity },
        ip,
      });
      outbox.add('reference.asked', {
        memberId,
        askId: ask.id,
        activity,
        prospectCompany: request.prospectCompany,
        points: ask.points,
      });
      return askView(ask, person);
    });
  }

  async myAsks(memberId: string) {
    const rows = await referencesRepo.asksOfMember(this.db, memberId);
    return rows.map(({ a, r, requesterName }) => ({
      ...askView(a, { name: '', company: null }),
      request: {
        opportunity: r.opportunity,
        prospectCompany: r.prospectCompany,
        product: r.product,
        dueAt: r.dueAt,
        requesterName,
      },
    }));
  }

  /** The advocate accepts (with times they can make) or declines (with a reason). */
  async answer(memberId: string, askId: string, body: z.infer<typeof AskDecisionBody>) {
    return this.uow.run(async (tx, outbox) => {
      const ask = await referencesRepo.findAsk(tx, askId, true);
      if (!ask || ask.memberId !== memberId) throw askNotFound();
      if (ask.status !== 'sent') throw err('references.ask_answered', 409, 'This ask was already answered');
      const now = this.clock();
      let next: AskRow;
      if (body.decision === 'accept') {
        const slots = [...new Set(body.slots.map((s) => new Date(s).getTime()))].map((t) => new Date(t));
        if (slots.some((s) => s <= now))
          throw err('references.slot_in_past', 422, 'Offer times in the future', { fields: { slots: 'In the past' } });
        next = await referencesRepo.updateAsk(tx, ask.id, { status: 'accepted', slots, respondedAt: now });
      } else {
        next = await referencesRepo.updateAsk(tx, ask.id, {
          status: 'declined',
          declineReason: body.reason,
          declineNote: body.note,
          respondedAt: now,
        });
      }
      const request = (await referencesRepo.findRequest(tx, ask.requestId))!;
      outbox.add('reference.answered', {
        requesterId: request.requesterId,
        requestId: request.id,
        askId: ask.id,
        decision: body.decision,
      });
      return next;
    });
  }

  /** The requester (or an admin) picks one of the accepted times. */
  async schedule(actor: AuthMember, askId: string, slot: string) {
    return this.db.transaction(async (tx) => {
      const { ask } = await this.handledAsk(tx, actor, askId);
      if (ask.status !== 'accepted' && ask.status !== 'scheduled')
        throw err('references.not_accepted', 409, 'Only an accepted ask can be scheduled');
      const at = new Date(slot);
      if (!ask.slots.some((s) => s.getTime() === at.getTime()))
        throw err('references.slot_not_offered', 422, 'Pick one of the times the advocate offered', {
          fields: { slot: 'Not offered' },
        });
      return referencesRepo.updateAsk(tx, ask.id, { status: 'scheduled', scheduledAt: at });
    });
  }

  private async handledAsk(tx: Tx, actor: AuthMember, askId: string) {
    const ask = await referencesRepo.findAsk(tx, askId, true);
    if (!ask) throw askNotFound();
    const request = (await referencesRepo.findRequest(tx, ask.requestId))!;
    if (!this.mayHandle(actor, request.requesterId)) throw askNotFound();
    return { ask, request };
  }

  /**
   * Each side says whether the call (or visit, or talk) happened. When both say it did, the ask is
   * completed: its points are paid once, the request is fulfilled, and the person rests. When the
   * requester says it did not, it is a no-show.
   */
  async confirm(actor: AuthMember, askId: string, happened: boolean) {
    // Definitions before the transaction opens (a level reached, the badges it may grant).
    const [levels, badges] = await Promise.all([levelsRepo.cached(this.db, this.cache), this.badges.active()]);
    return this.uow.run(async (tx, outbox) => {
      const ask = await referencesRepo.findAsk(tx, askId, true);
      if (!ask) throw askNotFound();
      const request = (await referencesRepo.findRequest(tx, ask.requestId, true))!;
      const asAdvocate = ask.memberId === actor.id;
      const asRequester = this.mayHandle(actor, request.requesterId);
      if (!asAdvocate && !asRequester) throw askNotFound();
      if (ask.status !== 'scheduled')
        throw err('references.not_scheduled', 409, 'Only a scheduled ask can be confirmed', { status: ask.status });
      const now = this.clock();
      if (!happened) {
        return referencesRepo.updateAsk(tx, ask.id, {
          status: asRequester ? 'no_show' : 'cancelled',
          respondedAt: ask.respondedAt ?? now,
        });
      }
      const patch: Partial<AskRow> = asRequester ? { requesterConfirmedAt: now } : { advocateConfirmedAt: now };
      const both = (asRequester || ask.requesterConfirmedAt) && (asAdvocate || ask.advocateConfirmedAt);
      if (!both) return referencesRepo.updateAsk(tx, ask.id, patch);
      const done = await referencesRepo.updateAsk(tx, ask.id, { ...patch, status: 'completed', completedAt: now });
      if (request.status === 'open')
        await referencesRepo.updateRequest(tx, request.id, { status: 'fulfilled', fulfilledAt: now });
      const settings = await referencesRepo.settings(tx);
      if (ask.activity === 'call' && settings.restDaysAfterCall > 0)
        await referencesRepo.restAfter(
          tx,
          'reference_ask',
          ask.id,
          new Date(now.getTime() + settings.restDaysAfterCall * DAY_MS),
        );
      const paid = await this.pay(tx, outbox, done, request);
      if (paid && (await noteLevelChange(levels, outbox, ask.memberId, paid.lifetimeBefore, paid.lifetime)))
        await this.badges.evaluate(tx, outbox, ask.memberId, { levelReached: true }, badges);
      return done;
    });
  }

  /** The ask's points, once (keyed by the ask); the totals before and after, when paid now. */
  private async pay(tx: Tx, outbox: Outbox, ask: AskRow, r: RequestRow) {
    if (ask.points <= 0) return null;
    const reason = `Reference ${ask.activity.replace('_', ' ')}${r.prospectCompany ? ` for ${r.prospectCompany}` : ''}`;
    const posted = await ledgerRepo.post(tx, {
      memberId: ask.memberId,
      delta: ask.points,
      lifetimeDelta: ask.points,
      kind: 'earn',
      sourceType: 'reference_ask',
      sourceId: ask.id,
      reason,
    });
    if (!posted.posted) return null;
    outbox.add('points.changed', {
      memberId: ask.memberId,
      balance: posted.balance,
      lifetime: posted.lifetime,
      delta: ask.points,
      reason,
    });
    outbox.add('points.posted', {
      memberId: ask.memberId,
      delta: ask.points,
      cause: 'reference',
      reason,
      challengeId: null,
      challengeTitle: null,
    });
    return posted;
  }
}
