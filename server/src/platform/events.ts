/**
 * Domain events. A command collects them in an `Outbox` while its transaction runs (see
 * modules/outbox/unit-of-work.ts): events with a durable handler (notifications; later email,
 * webhooks) are written to the outbox table in that transaction and delivered by the relay's pg-boss
 * worker; after the commit every event also goes to the in-process `EventBus`, which is for live
 * pushes only (sockets) and may drop them.
 */
export interface DomainEvents {
  'points.changed': { memberId: string; balance: number; lifetime: number; delta: number; reason: string };
  'level.reached': { memberId: string; level: { id: string; name: string; rank: number } };
  'badge.granted': { memberId: string; badge: { id: string; name: string; icon: string | null } };
  'completion.reviewed': {
    memberId: string;
    completionId: string;
    challengeId: string;
    challengeTitle: string;
    decision: 'approve' | 'reject' | 'retry';
    feedback: string | null;
    points: number;
  };
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
}
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
