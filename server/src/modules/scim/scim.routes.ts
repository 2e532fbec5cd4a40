import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  SCIM_CONTENT_TYPE,
  SCIM_SCHEMAS,
  ScimGetQuery,
  ScimGroupBody,
  ScimIdParams,
  ScimListQuery,
  ScimPatchBody,
  ScimUserBody,
} from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';
import type { IntegrationsService } from '../integrations/integrations.service.js';
import type { ScimCaller, ScimService } from './scim.service.js';
import { withoutMembers, type ScimGroupsService } from './scim.groups.js';

export const SCIM_PREFIX = '/scim/v2';

function scimSend(reply: FastifyReply, status: number, body: unknown) {
  return reply.status(status).type(`${SCIM_CONTENT_TYPE}; charset=utf-8`).send(JSON.stringify(body));
}

/** RFC 7644 §3.12: `{schemas:[Error], status:"404", scimType?, detail}`. */
function scimErrorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [SCIM_SCHEMAS.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** A path under /scim that names no route: SCIM clients get SCIM's error format there too. */
export function scimNotFound(reply: FastifyReply, method: string, url: string) {
  return scimSend(reply, 404, scimErrorBody(404, `No route for ${method} ${url}`));
}

const USER_ATTRIBUTES = [
  { name: 'userName', type: 'string', required: true, uniqueness: 'server', description: 'The email address' },
  { name: 'externalId', type: 'string', required: false, uniqueness: 'none' },
  {
    name: 'name',
    type: 'complex',
    required: false,
    subAttributes: [
      { name: 'formatted', type: 'string' },
      { name: 'givenName', type: 'string' },
      { name: 'familyName', type: 'string' },
    ],
  },
  { name: 'displayName', type: 'string', required: false },
  { name: 'emails', type: 'complex', multiValued: true, required: false },
  { name: 'active', type: 'boolean', required: false, description: 'false: suspended, cannot sign in' },
].map((a) => ({ multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', ...a }));

const GROUP_ATTRIBUTES = [
  { name: 'displayName', type: 'string', required: true, uniqueness: 'server', description: 'The group’s name' },
  { name: 'externalId', type: 'string', required: false, uniqueness: 'none' },
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    required: false,
    subAttributes: [
      { name: 'value', type: 'string', description: 'A User id' },
      { name: 'display', type: 'string', mutability: 'readOnly' },
      { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'readOnly' },
    ],
  },
].map((a) => ({ multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', ...a }));

/**
 * SCIM 2.0 provisioning at /scim/v2 (outside /api: the access layer and the browser-origin check do
 * not apply; every route is decided here by an API key with the `scim` scope, in onRequest). Bodies
 * are `application/scim+json` (plain JSON accepted), answers too, errors in SCIM's format.
 */
export async function scimRoutes(
  app: FastifyInstance,
  opts: { service: ScimService; groups: ScimGroupsService; integrations: IntegrationsService; baseUrl: string },
) {
  const s = opts.service;
  const g = opts.groups;
  app.addContentTypeParser(SCIM_CONTENT_TYPE, { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(new AppError({ code: 'scim.invalidSyntax', status: 400, message: 'The body is not valid JSON' }), undefined);
    }
  });
  app.addHook('onRequest', opts.integrations.guard('scim'));
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      const type = err.code.startsWith('scim.') && !err.code.startsWith('scim.status_') ? err.code.slice(5) : undefined;
      return scimSend(reply, err.statusCode, scimErrorBody(err.statusCode, err.message, type));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const where = first?.instancePath.replace(/^\//, '').replace(/\//g, '.') || err.validationContext || 'body';
      return scimSend(reply, 400, scimErrorBody(400, `${where}: ${first?.message ?? 'invalid value'}`, 'invalidValue'));
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'SCIM request failed');
    return scimSend(
      reply,
      status,
      scimErrorBody(status, status >= 500 ? 'Something went wrong on our side' : err.message),
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['scim'];
  const security: { [k: string]: string[] }[] = [{ apiKey: [] }, { bearer: [] }];
  const caller = (request: { apiKey?: { id: string; name: string }; ip: string }): ScimCaller => ({
    apiKeyId: request.apiKey!.id,
    apiKeyName: request.apiKey!.name,
    ip: request.ip,
  });

  r.get(
    `${SCIM_PREFIX}/ServiceProviderConfig`,
    { schema: { tags, security, summary: 'SCIM service provider configuration' } },
    async (_request, reply) =>
      scimSend(reply, 200, {
        schemas: [SCIM_SCHEMAS.serviceProviderConfig],
        documentationUri: `${opts.baseUrl.replace(/\/scim\/v2$/, '')}/api/docs`,
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: 200 },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [
          {
            type: 'oauthbearertoken',
            name: 'API key',
            description: 'An Advocate Hub API key with the scim scope, sent as Authorization: Bearer ahk_…',
            primary: true,
          },
        ],
        meta: { resourceType: 'ServiceProviderConfig', location: `${opts.baseUrl}/ServiceProviderConfig` },
      }),
  );
  r.get(
    `${SCIM_PREFIX}/ResourceTypes`,
    { schema: { tags, security, summary: 'SCIM resource types' } },
    async (_q, reply) =>
      scimSend(reply, 200, {
        schemas: [SCIM_SCHEMAS.list],
        totalResults: 2,
        startIndex: 1,
        itemsPerPage: 2,
        Resources: [
          {
            schemas: [SCIM_SCHEMAS.resourceType],
            id: 'User',
            name: 'User',
            endpoint: '/Users',
            schema: SCIM_SCHEMAS.user,
            meta: { resourceType: 'ResourceType', location: `${opts.baseUrl}/ResourceTypes/User` },
          },
          {
            schemas: [SCIM_SCHEMAS.resourceType],
            id: 'Group',
            name: 'Group',
            endpoint: '/Groups',
            schema: SCIM_SCHEMAS.group,
            meta: { resourceType: 'ResourceType', location: `${opts.baseUrl}/ResourceTypes/Group` },
          },
        ],
      }),
  );
  r.get(`${SCIM_PREFIX}/Schemas`, { schema: { tags, security, summary: 'SCIM schemas' } }, async (_q, reply) =>
    scimSend(reply, 200, {
      schemas: [SCIM_SCHEMAS.list],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 2,
      Resources: [
        {
          schemas: [SCIM_SCHEMAS.schema],
          id: SCIM_SCHEMAS.user,
          name: 'User',
          description: 'A member of the hub',
          attributes: USER_ATTRIBUTES,
          meta: { resourceType: 'Schema', location: `${opts.baseUrl}/Schemas/${SCIM_SCHEMAS.user}` },
        },
        {
          schemas: [SCIM_SCHEMAS.schema],
          id: SCIM_SCHEMAS.group,
          name: 'Group',
          description: 'A group of members, which challenges, rewards and segments can target',
          attributes: GROUP_ATTRIBUTES,
          meta: { resourceType: 'Schema', location: `${opts.baseUrl}/Schemas/${SCIM_SCHEMAS.group}` },
        },
      ],
    }),
  );

  r.get(
    `${SCIM_PREFIX}/Users`,
    { schema: { tags, security, summary: 'List or filter users (userName eq "…")', querystring: ScimListQuery } },
    async (request, reply) => scimSend(reply, 200, await s.list(request.query)),
  );
  r.get(
    `${SCIM_PREFIX}/Users/:id`,
    { schema: { tags, security, summary: 'One user', params: ScimIdParams } },
    async (request, reply) => scimSend(reply, 200, await s.get(request.params.id)),
  );
  r.post(
    `${SCIM_PREFIX}/Users`,
    { schema: { tags, security, summary: 'Provision a user (an active member)', body: ScimUserBody } },
    async (request, reply) => {
      const created = await s.create(request.body, caller(request));
      reply.header('location', created.meta.location);
      return scimSend(reply, 201, created);
    },
  );
  r.put(
    `${SCIM_PREFIX}/Users/:id`,
    { schema: { tags, security, summary: 'Replace a user', params: ScimIdParams, body: ScimUserBody } },
    async (request, reply) => scimSend(reply, 200, await s.replace(request.params.id, request.body, caller(request))),
  );
  r.patch(
    `${SCIM_PREFIX}/Users/:id`,
    {
      schema: {
        tags,
        security,
        summary: 'Change a user (PatchOp; `replace active false` suspends it)',
        params: ScimIdParams,
        body: ScimPatchBody,
      },
    },
    async (request, reply) => scimSend(reply, 200, await s.patch(request.params.id, request.body, caller(request))),
  );
  r.delete(
    `${SCIM_PREFIX}/Users/:id`,
    { schema: { tags, security, summary: 'Deprovision a user: suspended, never erased', params: ScimIdParams } },
    async (request, reply) => {
      await s.deactivate(request.params.id, caller(request));
      return reply.status(204).send();
    },
  );

  r.get(
    `${SCIM_PREFIX}/Groups`,
    {
      schema: {
        tags,
        security,
        summary: 'List or filter groups (displayName eq "…"); excludedAttributes=members leaves members out',
        querystring: ScimListQuery,
      },
    },
    async (request, reply) =>
      scimSend(reply, 200, await g.list({ ...request.query, skipMembers: withoutMembers(request.query) })),
  );
  r.get(
    `${SCIM_PREFIX}/Groups/:id`,
    { schema: { tags, security, summary: 'One group', params: ScimIdParams, querystring: ScimGetQuery } },
    async (request, reply) => scimSend(reply, 200, await g.get(request.params.id, withoutMembers(request.query))),
  );
  r.post(
    `${SCIM_PREFIX}/Groups`,
    { schema: { tags, security, summary: 'Create a group, with its members', body: ScimGroupBody } },
    async (request, reply) => {
      const created = await g.create(request.body, caller(request));
      reply.header('location', created.meta.location);
      return scimSend(reply, 201, created);
    },
  );
  r.put(
    `${SCIM_PREFIX}/Groups/:id`,
    {
      schema: {
        tags,
        security,
        summary: 'Replace a group: its name and exactly these members',
        params: ScimIdParams,
        body: ScimGroupBody,
      },
    },
    async (request, reply) => scimSend(reply, 200, await g.replace(request.params.id, request.body, caller(request))),
  );
  r.patch(
    `${SCIM_PREFIX}/Groups/:id`,
    {
      schema: {
        tags,
        security,
        summary: 'Change a group (PatchOp: displayName; members add, remove, replace)',
        params: ScimIdParams,
        body: ScimPatchBody,
      },
    },
    async (request, reply) => scimSend(reply, 200, await g.patch(request.params.id, request.body, caller(request))),
  );
  r.delete(
    `${SCIM_PREFIX}/Groups/:id`,
    {
      schema: {
        tags,
        security,
        summary: 'Delete a group (409 while a challenge, reward or segment targets it)',
        params: ScimIdParams,
      },
    },
    async (request, reply) => {
      await g.remove(request.params.id, caller(request));
      return reply.status(204).send();
    },
  );
}
