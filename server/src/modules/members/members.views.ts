import { aliasName, type AdminMember, type MeMember } from '@advocate-hub/shared';
import type { MemberWithRoles } from './members.repo.js';
import { levelFor } from '../levels/levels.repo.js';
import type { LevelRow } from '../levels/levels.table.js';

export function toAdminMember(m: MemberWithRoles): AdminMember {
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    roles: m.roles,
    status: m.status,
    balance: m.balance,
    lifetime: m.lifetime,
    company: m.company,
    trusted: m.trusted,
    joinedAt: m.joinedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    lastSeenAt: m.lastSeenAt?.toISOString() ?? null,
    title: m.title,
    industry: m.industry,
    region: m.region,
    persona: m.persona,
    products: m.products,
    tags: m.tags,
    timezone: m.timezone,
  };
}

export function toMeMember(m: MemberWithRoles, levels: LevelRow[]): MeMember {
  const { current, next } = levelFor(levels, m.lifetime);
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    roles: m.roles,
    balance: m.balance,
    lifetime: m.lifetime,
    level: current ? { id: current.id, name: current.name, rank: current.rank } : null,
    nextLevel: next ? { id: next.id, name: next.name, rank: next.rank, threshold: next.threshold } : null,
    badges: [],
    company: m.company,
    title: m.title,
    timezone: m.timezone,
    trusted: m.trusted,
    leaderboardVisibility: m.leaderboardVisibility,
    alias: aliasName(m.aliasNumber),
    avatarUrl: m.avatarUrl,
    industry: m.industry,
    region: m.region,
    persona: m.persona,
    products: m.products,
    homeIntroDismissedAt: m.homeIntroDismissedAt?.toISOString() ?? null,
  };
}
