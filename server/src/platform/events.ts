/**
 * Domain events. A command collects them in an `Outbox` while its transaction runs (see
 * modules/outbox/unit-of-work.ts): events with a durable handler (notifications; later email,
 * webhooks) are written to the outbox table in that transaction and delivered by the relay's pg-boss
 * worker; after the commit every event also goes to the in-process `EventBus`, which is for live
 * pushes only (sockets) and may drop them.
 */
import type { BadgeLook } from '@advocate-hub/shared';
export interface DomainEvents {
  'points.changed': { memberId: string; balance: number; lifetime: number; delta: number; reason: string };
  /**
   * A ledger entry the member should hear about (an auto-approved completion's points, a completion
   * bonus, an admin's adjustment, a reversal): the in-app notification groups them.
   */
  'points.posted': {
    memberId: string;
    delta: number;
    cause: PointsCause;
    reason: string;
    challengeId: string | null;
    challengeTitle: string | null;
  };
  'level.reached': { memberId: string; level: { id: string; name: string; rank: number } };
  'badge.granted': { memberId: string; badge: { id: string; name: string } & BadgeLook };
  'completion.reviewed': {
    memberId: string;
    completionId: string;
    challengeId: string;
    challengeTitle: string;
    decision: 'approve' | 'reject' | 'retry';
    feedback: string | null;
    points: number;
  };
  /** An advocate was asked for a reference (a call, a visit, a case study…). */
  'reference.asked': {
    memberId: string;
    askId: string;
    activity: string;
    prospectCompany: string | null;
    points: number;
  };
  /** The asked advocate accepted or declined: the requester hears of it. */
  'reference.answered': { requesterId: string; requestId: string; askId: string; decision: 'accept' | 'decline' };
  'challenge.completed': { memberId: string; challengeId: string; challengeTitle: string; bonus: number };
  'redemption.changed': {
    memberId: string;
    redemptionId: string;
    rewardId: string;
    rewardName: string;
    from: 'requested' | 'approved' | 'fulfilled' | 'declined' | 'cancelled' | null;
    status: 'requested' | 'approved' | 'fulfilled' | 'declined' | 'cancelled';
    note: string | null;
    /** Points given back by this change (declined or cancelled). */
    refunded: number;
  };
  /** A member joined the program (accepted an invite, used a join code, signed in by SSO the first time, SCIM, import). */
  'member.joined': {
    memberId: string;
    email: string;
    name: string;
    via: 'invite' | 'join_code' | 'sso' | 'scim' | 'import';
  };
  /** A referral moved to another pipeline stage (an admin, the CRM API or an import). */
  'referral.advanced': {
    referralId: string;
    /** The advocate who referred. */
    memberId: string;
    campaignId: string;
    from: 'submitted' | 'contacted' | 'qualified' | 'won' | 'lost';
    to: 'submitted' | 'contacted' | 'qualified' | 'won' | 'lost';
    amount: number | null;
    pointsDelta: number;
  };
  /** A post was made (a thread's first post or a reply): community-post stages complete from it. */
  'community.posted': { memberId: string; postId: string; threadId: string; categoryId: string; first: boolean };
  /** Members mentioned in a post (who can read it), to notify. */
  'community.mentioned': {
    memberIds: string[];
    byName: string;
    threadId: string;
    threadTitle: string;
    postId: string;
    seq: string;
  };
  /** Members of an advocacy-leak cohort were invited to a challenge (the first step of a ladder). */
  'leak.activated': {
    activationId: string;
    memberIds: string[];
    challengeId: string;
    challengeTitle: string;
    message: string | null;
  };
  /** Someone replied to a member's thread. */
  'community.replied': {
    memberId: string;
    byName: string;
    threadId: string;
    threadTitle: string;
    postId: string;
    seq: string;
  };
  /** Something a thread's open pages should fetch (live only). */
  'community.thread.changed': {
    threadId: string;
    kind: 'post' | 'edit' | 'reactions' | 'moderation';
    postId: string | null;
    seq: string | null;
  };
  /** Enough flags hid a member's post until a moderator reviews it: the author is told, kindly. */
  'community.post.flagged_hidden': { memberId: string; postId: string; threadId: string; threadTitle: string };
  /** A moderator acted on a member's post or thread. */
  'community.moderated': {
    memberId: string;
    target: 'post' | 'thread';
    action: string;
    threadId: string;
    threadTitle: string;
    reason: string | null;
    pointsReversed: number;
  };
  'community.answer_accepted': {
    memberId: string;
    threadId: string;
    threadTitle: string;
    postId: string;
    points: number;
  };
  /** A moderator silenced, suspended or lifted a sanction on a member. */
  'community.sanctioned': {
    memberId: string;
    action: 'silence' | 'suspend' | 'lift';
    until: string | null;
    reason: string;
  };
}
/** Reviewed approvals are not among them: their own notification (completion.reviewed) tells the points. */
export type PointsCause = 'completion' | 'bonus' | 'adjustment' | 'reversal' | 'reference' | 'referral';
export type EventName = keyof DomainEvents;
export type DomainEvent = { [K in EventName]: { type: K; payload: DomainEvents[K] } }[EventName];
type Handler<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
  private handlers = new Map<EventName, Handler<EventName>[]>();
  constructor(private readonly onError: (err: unknown, event: DomainEvent) => void = () => {}) {}

  on<K extends EventName>(type: K, handler: Handler<K>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as Handler<EventName>);
    this.handlers.set(type, list);
  }

  /** Publishes committed events in order; a failing subscriber is logged, never thrown. Best effort: nothing durable belongs here. */
  async publish(events: DomainEvent[]): Promise<void> {
    for (const event of events) {
      for (const handler of this.handlers.get(event.type) ?? []) {
        try {
          await handler(event.payload);
        } catch (err) {
          this.onError(err, event);
        }
      }
    }
  }
}

/** Collects the events of one command while its transaction runs. */
export class Outbox {
  readonly events: DomainEvent[] = [];
  add<K extends EventName>(type: K, payload: DomainEvents[K]): void {
    this.events.push({ type, payload } as DomainEvent);
  }
}
