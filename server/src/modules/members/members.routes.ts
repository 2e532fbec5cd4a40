import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdminMemberResponse,
  AdminMembersQuery,
  AdminMembersResponse,
  ApiError,
  IdParams,
  MeMember,
  Ok,
  ReactivateBody,
  SetRolesBody,
  SuspendBody,
  UpdateMeBody,
  UpdateMemberProfileBody,
} from '@advocate-hub/shared';
import type { MembersService } from './members.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError };

export async function membersAdminRoutes(app: FastifyInstance, opts: { service: MembersService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.get(
    '/api/admin/members',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Search members (name, email, company), filter by role and status; newest first',
        querystring: AdminMembersQuery,
        response: { 200: AdminMembersResponse, ...errors },
      },
    },
    async (request) => s.list(request.query),
  );

  r.get(
    '/api/admin/members/:id',
    {
      schema: { tags: ['admin: members'], params: IdParams, response: { 200: AdminMemberResponse, ...errors } },
    },
    async (request) => ({ member: await s.get(request.params.id) }),
  );

  r.patch(
    '/api/admin/members/:id',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Edit a member’s profile fields (they drive segments and targeting)',
        description:
          'Only the fields sent change; an empty string clears a text field, products and tags lose repeats. ' +
          'An unknown time zone is `members.invalid_timezone` (422). Changes are recorded in the audit log.',
        params: IdParams,
        body: UpdateMemberProfileBody,
        response: { 200: AdminMemberResponse, ...errors },
      },
    },
    async (request) => ({
      member: await s.updateProfile(request.member!.id, request.params.id, request.body, request.ip),
    }),
  );

  r.put(
    '/api/admin/members/:id/roles',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Replace a member’s roles',
        params: IdParams,
        body: SetRolesBody,
        response: { 200: AdminMemberResponse, ...errors },
      },
    },
    async (request) => ({
      member: await s.setRoles(request.member!.id, request.params.id, request.body.roles, request.ip),
    }),
  );

  r.post(
    '/api/admin/members/:id/suspend',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Suspend a member; ends all of its sessions',
        params: IdParams,
        body: SuspendBody,
        response: { 200: AdminMemberResponse, ...errors },
      },
    },
    async (request) => ({
      member: await s.suspend(request.member!.id, request.params.id, request.body.reason, request.ip),
    }),
  );

  r.post(
    '/api/admin/members/:id/reactivate',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Lift a suspension',
        params: IdParams,
        body: ReactivateBody,
        response: { 200: AdminMemberResponse, ...errors },
      },
    },
    async (request) => ({
      member: await s.reactivate(request.member!.id, request.params.id, request.body.reason, request.ip),
    }),
  );
}

/** The member's own account: profile fields, time zone, leaderboard visibility, the home explainer. */
export async function membersMeRoutes(app: FastifyInstance, opts: { service: MembersService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.patch(
    '/api/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Change my profile: name, time zone, leaderboard visibility and the fields the program lets me edit',
        description:
          'Only the fields sent change; an empty string clears a text field. A field the program does not let ' +
          'members edit is 400 `members.field_not_editable` naming it (the whole request is refused); unknown ' +
          'fields are 400 `validation.failed`; an unknown time zone is `members.invalid_timezone` (422).',
        body: UpdateMeBody,
        response: { 200: MeMember, ...errors },
      },
    },
    async (request) => {
      await s.updateMe(request.member!.id, request.body);
      return app.auth.me(request.member!.id);
    },
  );

  r.post(
    '/api/me/home/intro/dismiss',
    {
      schema: {
        tags: ['me'],
        summary: 'Put away the home page’s “how it works” explainer for good',
        response: { 200: Ok, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      await s.dismissHomeIntro(request.member!.id);
      return { ok: true as const };
    },
  );
}
