import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ErrorCode, type Role } from '@advocate-hub/shared';
import { AppError } from './errors.js';

/**
 * Who may call a route.
 * - 'public': anyone
 * - 'member': any signed-in active member
 * - Role[]: a signed-in active member holding at least one of the roles
 */
export type Access = 'public' | 'member' | readonly Role[];

/**
 * One route's entry in a policy table. `owned` marks routes on a resource that belongs to one member:
 * the role check lets every holder of the role through, and the service answers 404 to anyone but the
 * owner (the authorization matrix test checks both).
 */
export type RoutePolicy = Access | { access: Access; owned: true } | { access: Access; speaks: true };

/** `'METHOD /api/path/:param'` → who may call it. Each module keeps one next to its routes. */
export type PolicyTable = Readonly<Record<string, RoutePolicy>>;

export const definePolicy = <T extends PolicyTable>(table: T): T => table;
export const owned = (access: Access): RoutePolicy => ({ access, owned: true });
/**
 * A route that writes to the community: besides `access`, the caller must not be silenced (a
 * moderator's sanction): 403 `community.silenced`, decided in onRequest like the rest.
 */
export const speaks = (access: Access): RoutePolicy => ({ access, speaks: true });
export const accessOf = (rule: RoutePolicy): Access =>
  typeof rule === 'object' && !Array.isArray(rule) && 'access' in rule ? rule.access : (rule as Access);
export const isOwned = (rule: RoutePolicy): boolean => typeof rule === 'object' && 'owned' in rule;
export const isSpeech = (rule: RoutePolicy): boolean => typeof rule === 'object' && 'speaks' in rule;

/**
 * Checks that modules add to the access layer, run after the role check in onRequest: `speaks`
 * refuses a silenced member (set by the community module; absent, nobody is refused).
 */
export interface AccessGuards {
  speaks: ((member: AuthMember) => Promise<void>) | null;
}

export const ADMIN: readonly Role[] = ['admin'];
/** Earning and spending points is for advocates; staff may hold the advocate role too. */
export const ADVOCATE: readonly Role[] = ['advocate'];

export interface AuthMember {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by the access plugin from the policy table; routes do not declare it themselves. */
    access?: Access;
  }
  interface FastifyRequest {
    member: AuthMember | null;
  }
  interface FastifyInstance {
    accessGuards: AccessGuards;
    /** Resolves the caller from the access token (Bearer header or cookie); throws 401 when absent/invalid. */
    authenticate(request: FastifyRequest): Promise<AuthMember>;
  }
}

export const forbidden = () =>
  new AppError({ code: ErrorCode.forbidden, status: 403, message: 'You do not have access to this' });

/** The key a route has in the policy tables; HEAD routes share their GET route's rule. */
export function policyKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

function isGoverned(url: string): boolean {
  return url.startsWith('/api') && !url.startsWith('/api/docs');
}

/**
 * Decides access for every /api route in `onRequest`, before the body is read, parsed or validated:
 * a caller without access gets 401/403 and learns nothing of the route's schema. The decision comes
 * from the policy table; the app refuses to start when a route is missing from it.
 */
export const accessPlugin = fp(
  async (app: FastifyInstance, opts: { policy: PolicyTable }) => {
    app.decorateRequest('member', null);
    const guards: AccessGuards = { speaks: null };
    app.decorate('accessGuards', guards);
    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path;
      if (!isGoverned(url) || route.method === 'OPTIONS') return;
      if (Array.isArray(route.method)) throw new Error(`route ${url} must declare one method per route`);
      const key = policyKey(String(route.method), url);
      if (route.config?.access !== undefined)
        throw new Error(`route ${key} declares access in its config; add it to its module's policy table instead`);
      const rule = opts.policy[key];
      if (rule === undefined) throw new Error(`route ${key} is missing from the policy table (<module>.policy.ts)`);
      const access = accessOf(rule);
      route.config = { ...route.config, access };
      if (access === 'public') return;
      const speech = isSpeech(rule);
      const check: onRequestHookHandler = async (request: FastifyRequest) => {
        const member = await app.authenticate(request);
        if (access !== 'member' && !member.roles.some((r) => access.includes(r))) throw forbidden();
        if (speech && guards.speaks) await guards.speaks(member);
      };
      const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
      route.onRequest = [check, ...existing];
    });
  },
  { name: 'access' },
);
