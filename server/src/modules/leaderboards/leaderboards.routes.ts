import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  BoardParams,
  EventBoardBody,
  EventBoardResponse,
  EventBoardsResponse,
  IdParams,
  LeaderboardQuery,
  LeaderboardResponse,
  LeaderboardSettings,
  LeaderboardSettingsResponse,
  LeaderboardsResponse,
  Ok,
  SeasonBody,
  SeasonResponse,
  SeasonsResponse,
  UpdateEventBoardBody,
  UpdateSeasonBody,
  WallResponse,
} from '@advocate-hub/shared';
import type { LeaderboardsService } from './leaderboards.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export async function leaderboardsRoutes(app: FastifyInstance, opts: { service: LeaderboardsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;

  r.get(
    '/api/leaderboards',
    {
      schema: {
        tags: ['leaderboards'],
        summary: 'The boards I may see, each with its periods',
        response: { 200: LeaderboardsResponse, 401: ApiError },
      },
    },
    async (request) => ({ boards: await service.boards(request.member!) }),
  );

  r.get(
    '/api/leaderboards/:board',
    {
      schema: {
        tags: ['leaderboards'],
        summary: 'A board: the top `limit` members in the period, and where I stand with two neighbours either side',
        description:
          'Boards: `global`, `group:<id>`, `segment:<id>`, `event:<id>`. Periods: `all`, `month`, `week` (program time zone), `season:<id>`; an event board has only `event`. ' +
          'Ranked on points earned in the period (spending never lowers a rank; reversals do); equal points share a rank. ' +
          'Group, segment and event boards are for their members and admins (403 `leaderboards.not_on_board`).',
        params: BoardParams,
        querystring: LeaderboardQuery,
        response: { 200: LeaderboardResponse, ...errors },
      },
    },
    async (request) =>
      service.leaderboard(request.member!, request.params.board, request.query.period, request.query.limit),
  );

  r.get(
    '/api/leaderboards/:board/wall',
    {
      schema: {
        tags: ['leaderboards'],
        summary: "A board's wall: its join link (event boards) and recent achievements",
        params: BoardParams,
        response: { 200: WallResponse, ...errors },
      },
    },
    async (request) => service.wall(request.member!, request.params.board),
  );

  // ——— Admin ———

  r.get(
    '/api/admin/leaderboards/settings',
    { schema: { tags: ['admin: leaderboards'], response: { 200: LeaderboardSettingsResponse, ...errors } } },
    async () => ({ settings: await service.settings() }),
  );
  r.put(
    '/api/admin/leaderboards/settings',
    {
      schema: {
        tags: ['admin: leaderboards'],
        summary: 'Rank staff who are also advocates, or not',
        body: LeaderboardSettings,
        response: { 200: LeaderboardSettingsResponse, ...errors },
      },
    },
    async (request) => ({ settings: await service.setSettings(request.member!, request.body.includeStaff) }),
  );

  r.get(
    '/api/admin/leaderboards/seasons',
    { schema: { tags: ['admin: leaderboards'], response: { 200: SeasonsResponse, ...errors } } },
    async () => ({ seasons: await service.seasons() }),
  );
  r.post(
    '/api/admin/leaderboards/seasons',
    {
      schema: { tags: ['admin: leaderboards'], body: SeasonBody, response: { 201: SeasonResponse, ...errors } },
    },
    async (request, reply) =>
      reply.status(201).send({ season: await service.createSeason(request.member!, request.body) }),
  );
  r.patch(
    '/api/admin/leaderboards/seasons/:id',
    {
      schema: {
        tags: ['admin: leaderboards'],
        params: IdParams,
        body: UpdateSeasonBody,
        response: { 200: SeasonResponse, ...errors },
      },
    },
    async (request) => ({ season: await service.updateSeason(request.member!, request.params.id, request.body) }),
  );
  r.delete(
    '/api/admin/leaderboards/seasons/:id',
    { schema: { tags: ['admin: leaderboards'], params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      await service.removeSeason(request.member!, request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/admin/leaderboards/events',
    { schema: { tags: ['admin: leaderboards'], response: { 200: EventBoardsResponse, ...errors } } },
    async () => ({ events: await service.events() }),
  );
  r.post(
    '/api/admin/leaderboards/events',
    {
      schema: {
        tags: ['admin: leaderboards'],
        summary: 'Create an event board from a join code',
        body: EventBoardBody,
        response: { 201: EventBoardResponse, 422: ApiError, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ event: await service.createEvent(request.member!, request.body) }),
  );
  r.patch(
    '/api/admin/leaderboards/events/:id',
    {
      schema: {
        tags: ['admin: leaderboards'],
        params: IdParams,
        body: UpdateEventBoardBody,
        response: { 200: EventBoardResponse, ...errors },
      },
    },
    async (request) => ({ event: await service.updateEvent(request.member!, request.params.id, request.body) }),
  );
  r.delete(
    '/api/admin/leaderboards/events/:id',
    { schema: { tags: ['admin: leaderboards'], params: IdParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      await service.removeEvent(request.member!, request.params.id);
      return { ok: true as const };
    },
  );
}
