import type { Db, Tx } from '../../db/client.js';
import { Outbox, type EventBus } from '../../platform/events.js';
import type { OutboxRelay } from './outbox.relay.js';

/**
 * One command = one transaction (invariant 5), and what it must cause afterwards. The work collects
 * domain events in `events`; those with a durable handler are written to the outbox in the same
 * transaction, so a committed command always has them. After the commit nothing that can fail runs
 * before the caller gets the result: the relay is nudged and the live bus is published to, neither
 * awaited (the relay's sweep covers a lost nudge; live pushes may be dropped).
 */
export class UnitOfWork {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    /** Absent where nothing delivers (seeding): events then reach the live bus only. */
    private readonly relay?: OutboxRelay,
  ) {}

  async run<T>(work: (tx: Tx, events: Outbox) => Promise<T>): Promise<T> {
    const events = new Outbox();
    let ids: string[] = [];
    const result = await this.db.transaction(async (tx) => {
      const out = await work(tx, events);
      if (this.relay) ids = await this.relay.record(tx, events.events);
      return out;
    });
    this.relay?.nudge(ids);
    this.bus.publish(events.events).catch(() => {});
    return result;
  }
}
