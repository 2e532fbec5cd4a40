import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, type Role } from '@advocate-hub/shared';
import { AppError } from './errors.js';

/**
 * Who may call a route. Every /api route must declare one; the app refuses to start otherwise.
 * - 'public': anyone
 * - 'member': any signed-in active member
 * - Role[]: a signed-in active member holding at least one of the roles
 */
export type Access = 'public' | 'member' | readonly Role[];

export interface AuthMember {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    member: AuthMember | null;
  }
  interface FastifyInstance {
    /** Resolves the caller from the access token (Bearer header or cookie); throws 401 when absent/invalid. */
    authenticate(request: FastifyRequest): Promise<AuthMember>;
  }
}

export const forbidden = () =>
  new AppError({ code: ErrorCode.forbidden, status: 403, message: 'You do not have access to this' });

/** Declares the access decision on every route as a preHandler. */
export const accessPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('member', null);
    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path;
      if (!url.startsWith('/api') || url.startsWith('/api/docs')) return;
      if (route.method === 'HEAD' || route.method === 'OPTIONS') return;
      const access = route.config?.access;
      if (access === undefined) throw new Error(`route ${String(route.method)} ${url} declares no access rule`);
      if (access === 'public') return;
      const check = async (request: FastifyRequest) => {
        const member = await app.authenticate(request);
        if (access !== 'member' && !member.roles.some((r) => access.includes(r))) throw forbidden();
      };
      const existing = route.preHandler
        ? Array.isArray(route.preHandler)
          ? route.preHandler
          : [route.preHandler]
        : [];
      route.preHandler = [check, ...existing];
    });
  },
  { name: 'access' },
);
