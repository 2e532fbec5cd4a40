// The schema index: every module's tables, for drizzle and drizzle-kit.
export * from '../modules/members/members.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/invites/invites.table.js';
export * from '../modules/join-codes/join-codes.table.js';
export * from '../modules/program/program.table.js';
export * from '../modules/levels/levels.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/ledger/ledger.table.js';
export * from '../modules/challenges/challenges.table.js';
export * from '../modules/completions/completions.table.js';
export * from '../modules/notifications/notifications.table.js';
export * from '../modules/badges/badges.table.js';
export * from '../modules/groups/groups.table.js';
export * from '../modules/segments/segments.table.js';
export * from '../modules/rewards/rewards.table.js';
export * from '../modules/outbox/outbox.table.js';
export * from '../modules/leaderboards/leaderboards.table.js';
