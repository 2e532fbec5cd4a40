// What seeds/ and tests/ (outside the server package) need, re-exported so packages resolve from here.
export { sql, eq } from 'drizzle-orm';
export * from './schema.js';
export type { Db, Executor } from './client.js';
export { createDatabase } from './client.js';
export { hashPassword } from '../modules/auth/passwords.js';
export type { FastifyInstance, LightMyRequestResponse, InjectOptions as FastifyInjectOptions } from 'fastify';
export { EventBus } from '../platform/events.js';
export { UnitOfWork } from '../modules/outbox/unit-of-work.js';
export { DefinitionCache } from '../platform/cache.js';
export { ChallengesAdminService } from '../modules/challenges/challenges.service.js';
export { CompletionsService } from '../modules/completions/completions.service.js';
export { BadgesService } from '../modules/badges/badges.service.js';
export { groupsRepo } from '../modules/groups/groups.repo.js';
export { SegmentsService } from '../modules/segments/segments.service.js';
export { segmentsRepo } from '../modules/segments/segments.repo.js';
export { matchesRule, ruleSql } from '../modules/segments/segments.rules.js';
export { RewardsService } from '../modules/rewards/rewards.service.js';
export { LedgerService } from '../modules/ledger/ledger.service.js';
export { ledgerRepo } from '../modules/ledger/ledger.repo.js';
// Media tests make their pictures with sharp and their bucket with the AWS SDK, as the hub does.
export { default as sharp } from 'sharp';
export { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
export { ReferralsService } from '../modules/referrals/referrals.service.js';
export { EventsService } from '../modules/events/events.service.js';
