import {
  CommunityErrorCode as C,
  type FlagBody,
  type MemberHistory,
  type ModerateMemberBody,
  type ModeratePostBody,
  type ModerateThreadBody,
  type Sanction,
} from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import type { AuthMember } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { UnitOfWork } from '../outbox/unit-of-work.js';
import { auditRepo } from '../audit/audit.repo.js';
import { authRepo } from '../auth/auth.repo.js';
import { membersRepo } from '../members/members.repo.js';
import { communityRepo, type AuthorRow } from './community.repo.js';
import { moderationRepo } from './moderation.repo.js';
import type { PostRow, SanctionRow, ThreadRow } from './community.table.js';
import { categoryNotFound, postNotFound, threadNotFound, type CommunityService } from './community.service.js';

const err = (code: string, status: number, message: string, details?: unknown) =>
  new AppError({ code, status, message, details });
const conflict = (message: string) => err(C.conflict, 409, message);

type PostState = PostRow['status'];

export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly uow: UnitOfWork,
    private readonly community: CommunityService,
    private readonly clock: () => Date,
  ) {}

  // ---------------------------------------------------------------- flags

  /**
   * A member flags a post. The post's row is locked, so parallel flags queue one after another: the
   * post is queued once (one open item) and hidden once, when the open flags' weights reach the
   * threshold. The author is told, kindly.
   */
  async flag(member: AuthMember, postId: string, body: FlagBody) {
    const peek = await communityRepo.post(this.db, postId);
    if (!peek) throw postNotFound();
    // Flags raised while others hid the post still count: they were meant for what the flagger saw.
    const { thread } = await this.community.readableThread(member, peek.threadId, { evenIfFirstPostHidden: true });
    if (peek.authorId === member.id) throw err(C.ownPost, 422, 'You cannot flag your own post');
    const [s, weight] = await Promise.all([
      this.community.settings(),
      moderationRepo.flaggerWeight(this.db, member.id),
    ]);
    return this.uow.run(async (tx, outbox) => {
      const post = (await communityRepo.post(tx, postId, true))!;
      if (post.status === 'deleted') throw postNotFound();
      const flag = await moderationRepo.insertFlag(tx, {
        postId,
        flaggerId: member.id,
        reason: body.reason,
        note: body.note ?? null,
        weight,
      });
      if (!flag) throw err(C.alreadyFlagged, 409, 'You already flagged this post');
      const item = await moderationRepo.enqueue(tx, postId, weight);
      let hidden = false;
      if (post.status === 'visible' && item.score >= Math.round(s.hideThreshold * 1000)) {
        await communityRepo.updatePost(tx, postId, { status: 'hidden', hiddenBy: 'flags' });
        await communityRepo.recount(tx, thread.id);
        hidden = true;
        outbox.add('community.post.flagged_hidden', {
          memberId: post.authorId,
          postId,
          threadId: thread.id,
          threadTitle: thread.title,
        });
        outbox.add('community.thread.changed', {
          threadId: thread.id,
          kind: 'moderation',
          postId,
          seq: String(post.seq),
        });
      }
      return {
        flag: { id: flag.id, reason: body.reason, createdAt: flag.createdAt.toISOString() },
        hidden,
      };
    });
  }

  // ---------------------------------------------------------------- queue

  async queue(limit: number, offset: number) {
    const [rows, summary] = await Promise.all([
      moderationRepo.queue(this.db, limit, offset),
      moderationRepo.summary(this.db),
    ]);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ ...r, openedAt: r.openedAt.toISOString() })),
      total: summary.open,
      nextCursor: rows.length > limit ? String(offset + limit) : null,
    };
  }

  summary() {
    return moderationRepo.summary(this.db);
  }

  // ---------------------------------------------------------------- posts

  /**
   * A moderator's decision on a post. The post's row is locked and its state checked: of two
   * moderators acting at once, the second finds the state changed (or the queue item closed) and
   * gets 409 `moderation.conflict`.
   */
  async moderatePost(actor: AuthMember, postId: string, body: ModeratePostBody, ip: string | null) {
    const reason = body.reason?.trim() || null;
    if (body.action === 'edit' && (!body.body?.trim() || !reason))
      throw err('validation.failed', 400, 'An edit needs the new text and a reason', {
        fields: { ...(body.body?.trim() ? {} : { body: 'Required' }), ...(reason ? {} : { reason: 'Required' }) },
      });
    return this.uow.run(async (tx, outbox) => {
      const post = await communityRepo.post(tx, postId, true);
      if (!post) throw postNotFound();
      const thread = (await communityRepo.thread(tx, post.threadId, true))!;
      const item = await moderationRepo.openItem(tx, postId, true);
      const remove = async (to: 'hidden' | 'deleted') => {
        await communityRepo.updatePost(tx, postId, { status: to, hiddenBy: to === 'hidden' ? 'moderator' : null });
        // A thread whose first post is deleted is deleted with it.
        if (to === 'deleted' && post.first) await communityRepo.updateThread(tx, thread.id, { hiddenAt: this.clock() });
        return this.community.participation.reverseForPost(
          tx,
          outbox,
          postId,
          actor.id,
          reason ?? 'removed by a moderator',
        );
      };
      const restore = async () => {
        await communityRepo.updatePost(tx, postId, { status: 'visible', hiddenBy: null });
        if (post.first && post.status === 'deleted')
          await communityRepo.updateThread(tx, thread.id, { hiddenAt: null });
      };
      let pointsReversed = 0;
      let status: PostState = post.status;
      let notify: string | null = null;
      switch (body.action) {
        case 'agree': {
          if (!item) throw conflict('This post is no longer in the queue: another moderator decided it');
          status = body.delete ? 'deleted' : 'hidden';
          if (post.status !== status) pointsReversed = await remove(status);
          else
            pointsReversed = await this.community.participation.reverseForPost(
              tx,
              outbox,
              postId,
              actor.id,
              reason ?? 'removed by a moderator',
            );
          await moderationRepo.resolve(tx, item.id, postId, actor.id, body.delete ? 'deleted' : 'hidden', 'upheld');
          notify = body.delete ? 'removed' : 'hid';
          break;
        }
        case 'disagree':
        case 'ignore': {
          if (!item) throw conflict('This post is no longer in the queue: another moderator decided it');
          if (post.status === 'hidden' && (body.action === 'disagree' || post.hiddenBy === 'flags')) {
            await restore();
            status = 'visible';
          }
          await moderationRepo.resolve(
            tx,
            item.id,
            postId,
            actor.id,
            body.action === 'disagree' ? 'restored' : 'ignored',
            body.action === 'disagree' ? 'rejected' : 'ignored',
          );
          if (post.status === 'hidden' && status === 'visible') notify = 'restored';
          break;
        }
        case 'hide': {
          if (post.status !== 'visible') throw conflict('This post is not visible: it is already hidden or deleted');
          pointsReversed = await remove('hidden');
          status = 'hidden';
          if (item) await moderationRepo.resolve(tx, item.id, postId, actor.id, 'hidden', 'upheld');
          notify = 'hid';
          break;
        }
        case 'delete': {
          if (post.status === 'deleted') throw conflict('This post is already deleted');
          pointsReversed = await remove('deleted');
          status = 'deleted';
          if (item) await moderationRepo.resolve(tx, item.id, postId, actor.id, 'deleted', 'upheld');
          notify = 'removed';
          break;
        }
        case 'restore': {
          if (post.status === 'visible') throw conflict('This post is already visible');
          await restore();
          status = 'visible';
          if (item) await moderationRepo.resolve(tx, item.id, postId, actor.id, 'restored', 'rejected');
          notify = 'restored';
          break;
        }
        case 'edit': {
          if (post.status === 'deleted') throw conflict('A deleted post cannot be edited');
          await communityRepo.addRevision(tx, postId, post.body, actor.id, reason);
          await communityRepo.updatePost(tx, postId, { body: body.body!, editedAt: this.clock() });
          notify = 'edited';
          break;
        }
      }
      await communityRepo.recount(tx, thread.id);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: `community.post_${body.action}`,
        targetType: 'community_post',
        targetId: postId,
        data: {
          threadId: thread.id,
          authorId: post.authorId,
          from: post.status,
          to: status,
          reason,
          pointsReversed,
          ...(body.action === 'agree' ? { delete: Boolean(body.delete) } : {}),
        },
        ip,
      });
      if (notify && post.authorId !== actor.id)
        outbox.add('community.moderated', {
          memberId: post.authorId,
          target: 'post',
          action: notify,
          threadId: thread.id,
          threadTitle: thread.title,
          reason,
          pointsReversed,
        });
      outbox.add('community.thread.changed', {
        threadId: thread.id,
        kind: 'moderation',
        postId,
        seq: String(post.seq),
      });
      const fresh = (await communityRepo.post(tx, postId))!;
      return { post: { id: postId, threadId: thread.id, status: fresh.status, body: fresh.body, pointsReversed } };
    });
  }

  // ---------------------------------------------------------------- threads

  async moderateThread(actor: AuthMember, threadId: string, body: ModerateThreadBody, ip: string | null) {
    const reason = body.reason?.trim() || null;
    if (body.action === 'move') {
      if (!body.categoryId)
        throw err('validation.failed', 400, 'Choose the category to move the thread to', {
          fields: { categoryId: 'Required' },
        });
      const target = await communityRepo.category(this.db, body.categoryId);
      if (!target) throw categoryNotFound();
    }
    await this.uow.run(async (tx, outbox) => {
      const t = await communityRepo.thread(tx, threadId, true);
      if (!t) throw threadNotFound();
      const change = this.threadChange(t, body);
      await communityRepo.updateThread(tx, threadId, change);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: `community.thread_${body.action}`,
        targetType: 'community_thread',
        targetId: threadId,
        data: {
          title: t.title,
          reason,
          ...(body.action === 'move' ? { from: t.categoryId, to: body.categoryId } : {}),
        },
        ip,
      });
      if (['hide', 'move', 'lock'].includes(body.action) && t.authorId !== actor.id)
        outbox.add('community.moderated', {
          memberId: t.authorId,
          target: 'thread',
          action: body.action === 'hide' ? 'hid' : body.action === 'move' ? 'moved' : 'locked',
          threadId,
          threadTitle: t.title,
          reason,
          pointsReversed: 0,
        });
      outbox.add('community.thread.changed', { threadId, kind: 'moderation', postId: null, seq: null });
    });
    const [row] = await communityRepo.threads(this.db, {
      memberId: actor.id,
      staff: true,
      categoryIds: [(await communityRepo.thread(this.db, threadId))!.categoryId],
      limit: 1,
      after: null,
      threadId,
    });
    return { thread: this.community.summary(row!) };
  }

  /** The change an action makes, or 409 when the thread is already in that state. */
  private threadChange(t: ThreadRow, body: ModerateThreadBody): Partial<ThreadRow> {
    const already = (what: string) => conflict(`This thread is already ${what}`);
    switch (body.action) {
      case 'lock':
        if (t.locked) throw already('locked');
        return { locked: true };
      case 'unlock':
        if (!t.locked) throw already('unlocked');
        return { locked: false };
      case 'pin':
        if (t.pinned) throw already('pinned');
        return { pinned: true };
      case 'unpin':
        if (!t.pinned) throw already('unpinned');
        return { pinned: false };
      case 'hide':
        if (t.hiddenAt) throw already('hidden');
        return { hiddenAt: this.clock() };
      case 'restore':
        if (!t.hiddenAt) throw already('visible');
        return { hiddenAt: null };
      case 'move':
        if (t.categoryId === body.categoryId) throw already('in that category');
        return { categoryId: body.categoryId! };
    }
  }

  // ---------------------------------------------------------------- members

  /** A sanction as the API shows it: active while not lifted and not past its end. */
  private toSanction(
    r: Pick<SanctionRow, 'id' | 'memberId' | 'kind' | 'reason' | 'startsAt' | 'endsAt' | 'liftedAt'>,
    by: AuthorRow | null,
  ): Sanction {
    const now = this.clock().getTime();
    return {
      id: r.id,
      memberId: r.memberId,
      kind: r.kind,
      reason: r.reason,
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt?.toISOString() ?? null,
      liftedAt: r.liftedAt?.toISOString() ?? null,
      active: !r.liftedAt && (!r.endsAt || r.endsAt.getTime() > now),
      by,
    };
  }

  async history(memberId: string): Promise<MemberHistory> {
    const [author, member, h, weight, sanctions, silence] = await Promise.all([
      communityRepo.author(this.db, memberId),
      membersRepo.findById(this.db, memberId),
      moderationRepo.history(this.db, memberId),
      moderationRepo.flaggerWeight(this.db, memberId),
      moderationRepo.sanctions(this.db, { memberId, activeOnly: false }),
      moderationRepo.activeSilence(this.db, memberId),
    ]);
    if (!author || !member) throw err('members.not_found', 404, 'Member not found');
    return {
      member: {
        ...author,
        email: member.email,
        status: member.status,
        joinedAt: member.joinedAt?.toISOString() ?? null,
        silenced: silence !== null,
        silencedUntil: silence?.endsAt?.toISOString() ?? null,
      },
      counts: {
        posts: Number(h.counts.posts),
        hiddenPosts: Number(h.counts.hidden),
        deletedPosts: Number(h.counts.deleted),
        flagsAgainst: Number(h.counts.flags_against),
        flagsUpheldAgainst: Number(h.counts.upheld_against),
        flagsMade: Number(h.counts.flags_made),
        flagWeight: weight / 1000,
      },
      posts: h.posts,
      flagsAgainst: h.flagsAgainst,
      sanctions: sanctions.map((s) => this.toSanction(s, s.by)),
    };
  }

  async sanctions(activeOnly: boolean) {
    const rows = await moderationRepo.sanctions(this.db, { activeOnly });
    return { sanctions: rows.map((s) => ({ ...this.toSanction(s, s.by), member: s.member })) };
  }

  /**
   * Silence (read-only), suspend (no sign-in; sessions end now) or lift. A sanction with an end is
   * lifted automatically when it ends (the sweep, every 30 s). Staff cannot be sanctioned here.
   */
  async moderateMember(actor: AuthMember, memberId: string, body: ModerateMemberBody, ip: string | null) {
    const until = body.until ? new Date(body.until) : null;
    if (until && until.getTime() <= this.clock().getTime())
      throw err('validation.failed', 400, 'The end must be in the future', { fields: { until: 'In the past' } });
    if (memberId === actor.id) throw err('members.self_lockout', 409, 'You cannot sanction yourself');
    return this.uow.run(async (tx, outbox) => {
      const member = await membersRepo.findById(tx, memberId);
      if (!member) throw err('members.not_found', 404, 'Member not found');
      await membersRepo.lockById(tx, memberId);
      const author = (await communityRepo.author(tx, memberId))!;
      if (author.staff && body.action !== 'lift')
        throw err(C.cannotSanctionStaff, 403, 'Admins and moderators cannot be silenced or suspended here');
      let sanction: SanctionRow | null = null;
      if (body.action === 'lift') {
        const lifted = await moderationRepo.lift(tx, memberId, actor.id, { id: body.sanctionId });
        if (!lifted.length) throw err(C.sanctionNotFound, 404, 'This member has no such sanction in force');
        const stillSuspended = (await moderationRepo.activeSanctions(tx, memberId)).some((x) => x.kind === 'suspend');
        if (lifted.some((l) => l.kind === 'suspend') && member.status === 'suspended' && !stillSuspended)
          await membersRepo.update(tx, memberId, {
            status: member.passwordHash ? 'active' : 'invited',
            suspendedAt: null,
            suspendedReason: null,
          });
        sanction = lifted[0]!;
      } else {
        // A new sanction of a kind replaces the one in force.
        await moderationRepo.lift(tx, memberId, actor.id, { kind: body.action });
        sanction = await moderationRepo.insertSanction(tx, {
          memberId,
          kind: body.action,
          reason: body.reason,
          endsAt: until,
          createdBy: actor.id,
        });
        if (body.action === 'suspend') {
          await membersRepo.update(tx, memberId, {
            status: 'suspended',
            suspendedAt: this.clock(),
            suspendedReason: body.reason,
          });
          await authRepo.revokeAllForMember(tx, memberId);
        }
      }
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: `community.member_${body.action}`,
        targetType: 'member',
        targetId: memberId,
        data: { reason: body.reason, until: until?.toISOString() ?? null },
        ip,
      });
      outbox.add('community.sanctioned', {
        memberId,
        action: body.action,
        until: until?.toISOString() ?? null,
        reason: body.reason,
      });
      const fresh = await membersRepo.findById(tx, memberId);
      const silence = await moderationRepo.activeSilence(tx, memberId);
      const by = await communityRepo.author(tx, actor.id);
      return {
        member: {
          id: memberId,
          status: fresh!.status,
          silenced: silence !== null,
          silencedUntil: silence?.endsAt?.toISOString() ?? null,
        },
        sanction: sanction ? this.toSanction(sanction, by) : null,
      };
    });
  }

  /** Lifts sanctions whose time is up (run by the sweep). */
  async liftExpired(): Promise<number> {
    return this.uow.run(async (tx, outbox) => {
      const ended = await moderationRepo.liftExpired(tx);
      for (const e of ended)
        outbox.add('community.sanctioned', {
          memberId: e.member_id,
          action: 'lift',
          until: null,
          reason: 'Its time is up',
        });
      return ended.length;
    });
  }
}
