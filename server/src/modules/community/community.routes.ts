import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AcceptBody,
  AcceptResponse,
  AdminCategoriesResponse,
  AdminCategoryResponse,
  ApiError,
  CategoriesResponse,
  CommunitySettings,
  CommunitySettingsResponse,
  CreateCategoryBody,
  CreatePostBody,
  CreateThreadBody,
  CreateThreadResponse,
  EditPostBody,
  FlagBody,
  FlagResponse,
  IdParams,
  MemberHistory,
  MentionQuery,
  MentionsResponse,
  ModerateMemberBody,
  ModerateMemberResponse,
  ModeratePostBody,
  ModeratePostResponse,
  ModerateThreadBody,
  ModerateThreadResponse,
  ModerationSummary,
  PostResponse,
  PostRevisionsResponse,
  QueueQuery,
  QueueResponse,
  ReactBody,
  ReactResponse,
  ReorderCategoriesBody,
  SanctionsQuery,
  SanctionsResponse,
  SearchQuery,
  SearchResponse,
  ThreadQuery,
  ThreadResponse,
  ThreadsQuery,
  ThreadsResponse,
  UpdateCategoryBody,
} from '@advocate-hub/shared';
import type { CommunityService } from './community.service.js';
import type { ModerationService } from './moderation.service.js';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  422: ApiError,
  429: ApiError,
};

export async function communityRoutes(
  app: FastifyInstance,
  opts: { community: CommunityService; moderation: ModerationService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { community: s, moderation: m } = opts;
  const tags = ['community'];

  r.get(
    '/api/community/categories',
    {
      schema: {
        tags,
        summary: 'Categories I can read, with counts, latest activity and unread threads; my standing (silenced?)',
        response: { 200: CategoriesResponse, ...errors },
      },
    },
    async (request) => s.categories(request.member!),
  );
  r.get(
    '/api/community/threads',
    {
      schema: {
        tags,
        summary: 'Threads, latest activity first (pinned first on the first page); all readable categories or one',
        querystring: ThreadsQuery,
        response: { 200: ThreadsResponse, ...errors },
      },
    },
    async (request) => s.threads(request.member!, request.query),
  );
  r.post(
    '/api/community/threads',
    {
      schema: {
        tags,
        summary: 'Start a thread (its first post)',
        description:
          'Markdown body; raw HTML is removed. 403 `community.staff_only` in a staff-only category, 403 `community.silenced` for a silenced member, 429 `community.rate_limited` (see settings; `details.retryAfterSeconds`), 409 `community.duplicate_post` for the same text twice within a day. Earns participation points (daily cap).',
        body: CreateThreadBody,
        response: { 201: CreateThreadResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.createThread(request.member!, request.body)),
  );
  r.get(
    '/api/community/threads/:id',
    {
      schema: {
        tags,
        summary: 'A thread and its posts in order (`cursor`: posts after that seq); marks them read',
        params: IdParams,
        querystring: ThreadQuery,
        response: { 200: ThreadResponse, ...errors },
      },
    },
    async (request) => s.thread(request.member!, request.params.id, request.query),
  );
  r.post(
    '/api/community/threads/:id/posts',
    {
      schema: {
        tags,
        summary: 'Reply to a thread (optionally quoting a post of it)',
        description:
          '403 `community.thread_locked` on a locked thread (moderators may still reply). Limits as for threads.',
        params: IdParams,
        body: CreatePostBody,
        response: { 201: PostResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.reply(request.member!, request.params.id, request.body)),
  );
  r.post(
    '/api/community/threads/:id/accepted',
    {
      schema: {
        tags,
        summary: 'Mark (or with null, unmark) the accepted answer of a Q&A thread: its author or a moderator',
        params: IdParams,
        body: AcceptBody,
        response: { 200: AcceptResponse, ...errors },
      },
    },
    async (request) => s.accept(request.member!, request.params.id, request.body.postId),
  );
  r.patch(
    '/api/community/posts/:id',
    {
      schema: {
        tags,
        summary: 'Edit my post within the edit window (the earlier text is kept for moderators)',
        params: IdParams,
        body: EditPostBody,
        response: { 200: PostResponse, ...errors },
      },
    },
    async (request) => s.edit(request.member!, request.params.id, request.body.body),
  );
  r.get(
    '/api/community/posts/:id/revisions',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Earlier texts of an edited post, newest first',
        params: IdParams,
        response: { 200: PostRevisionsResponse, ...errors },
      },
    },
    async (request) => s.revisions(request.params.id),
  );
  r.put(
    '/api/community/posts/:id/reactions',
    {
      schema: {
        tags,
        summary: 'Add or remove one of my reactions to a post',
        params: IdParams,
        body: ReactBody,
        response: { 200: ReactResponse, ...errors },
      },
    },
    async (request) => s.react(request.member!, request.params.id, request.body.kind, request.body.active),
  );
  r.post(
    '/api/community/posts/:id/flags',
    {
      schema: {
        tags,
        summary: 'Flag a post for moderators (once per member and post)',
        description:
          'When the weights of a post’s open flags reach the hide threshold, it is hidden until a moderator decides. 409 `community.already_flagged`, 422 `community.own_post`.',
        params: IdParams,
        body: FlagBody,
        response: { 201: FlagResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await m.flag(request.member!, request.params.id, request.body)),
  );
  r.get(
    '/api/community/search',
    {
      schema: {
        tags,
        summary: 'Full-text search over the posts and titles I can read, ranked, with highlighted snippets',
        description:
          'Web-search syntax: words, "quoted phrases", -excluded, or. Snippets are plain-text pieces; `hit` pieces matched.',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (request) => s.search(request.member!, request.query),
  );
  r.get(
    '/api/community/mentions',
    {
      schema: {
        tags,
        summary: 'Members to mention whose names start a word with `q` (autocomplete)',
        querystring: MentionQuery,
        response: { 200: MentionsResponse, ...errors },
      },
    },
    async (request) => s.mentions(request.query.q),
  );

  // ---------------------------------------------------------------- admin
  const atags = ['admin: community'];
  r.get(
    '/api/admin/community/categories',
    { schema: { tags: atags, response: { 200: AdminCategoriesResponse, ...errors } } },
    async () => s.adminCategories(),
  );
  r.post(
    '/api/admin/community/categories',
    { schema: { tags: atags, body: CreateCategoryBody, response: { 201: AdminCategoryResponse, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await s.createCategory(request.member!.id, request.body, request.ip)),
  );
  r.patch(
    '/api/admin/community/categories/:id',
    {
      schema: {
        tags: atags,
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: AdminCategoryResponse, ...errors },
      },
    },
    async (request) => s.updateCategory(request.member!.id, request.params.id, request.body, request.ip),
  );
  r.post(
    '/api/admin/community/categories/reorder',
    {
      schema: {
        tags: atags,
        summary: 'Set the order of categories (ids in order)',
        body: ReorderCategoriesBody,
        response: { 200: AdminCategoriesResponse, ...errors },
      },
    },
    async (request) => s.reorderCategories(request.member!.id, request.body.ids, request.ip),
  );
  r.get(
    '/api/admin/community/settings',
    { schema: { tags: atags, response: { 200: CommunitySettingsResponse, ...errors } } },
    async () => ({ settings: await s.settings() }),
  );
  r.put(
    '/api/admin/community/settings',
    {
      schema: { tags: atags, body: CommunitySettings, response: { 200: CommunitySettingsResponse, ...errors } },
    },
    async (request) => s.saveSettings(request.member!.id, request.body, request.ip),
  );

  // ---------------------------------------------------------------- moderation
  const mtags = ['moderation'];
  r.get(
    '/api/moderation/summary',
    { schema: { tags: mtags, response: { 200: ModerationSummary, ...errors } } },
    async () => m.summary(),
  );
  r.get(
    '/api/moderation/queue',
    {
      schema: {
        tags: mtags,
        summary: 'Flagged posts waiting for a decision, ranked by the weight of their flags',
        querystring: QueueQuery,
        response: { 200: QueueResponse, ...errors },
      },
    },
    async (request) => m.queue(request.query.limit, request.query.cursor ?? 0),
  );
  r.post(
    '/api/moderation/posts/:id',
    {
      schema: {
        tags: mtags,
        summary: 'Decide on a post: hide, restore, delete; agree, disagree or ignore its flags; edit with a reason',
        description:
          '`agree` keeps the post hidden (or deletes it with `delete: true`) and upholds its flags; `disagree` restores it and rejects them; `ignore` closes the item without judging the flaggers. Removing a post takes back the participation points it earned. When another moderator acted first, or the post is already in the asked state: 409 `moderation.conflict`.',
        params: IdParams,
        body: ModeratePostBody,
        response: { 200: ModeratePostResponse, ...errors },
      },
    },
    async (request) => m.moderatePost(request.member!, request.params.id, request.body, request.ip),
  );
  r.post(
    '/api/moderation/threads/:id',
    {
      schema: {
        tags: mtags,
        summary: 'Lock, unlock, pin, unpin, hide, restore or move a thread',
        params: IdParams,
        body: ModerateThreadBody,
        response: { 200: ModerateThreadResponse, ...errors },
      },
    },
    async (request) => m.moderateThread(request.member!, request.params.id, request.body, request.ip),
  );
  r.get(
    '/api/moderation/members/:id',
    {
      schema: {
        tags: mtags,
        summary: 'A member’s community history: posts, flags against them, sanctions',
        params: IdParams,
        response: { 200: MemberHistory, ...errors },
      },
    },
    async (request) => m.history(request.params.id),
  );
  r.post(
    '/api/moderation/members/:id',
    {
      schema: {
        tags: mtags,
        summary: 'Silence (read-only), suspend (no sign-in) or lift, with a reason and an optional end',
        params: IdParams,
        body: ModerateMemberBody,
        response: { 200: ModerateMemberResponse, ...errors },
      },
    },
    async (request) => m.moderateMember(request.member!, request.params.id, request.body, request.ip),
  );
  r.get(
    '/api/moderation/sanctions',
    {
      schema: {
        tags: mtags,
        summary: 'Sanctions, newest first (`active=true`: those in force)',
        querystring: SanctionsQuery,
        response: { 200: SanctionsResponse, ...errors },
      },
    },
    async (request) => m.sanctions(request.query.active === 'true'),
  );
}
