import { parse } from 'csv-parse/sync';
import {
  COMPANY_SIZES,
  type CoverageCell,
  type CoverageCellKey,
  type CoverageDimension,
  type SegmentCondition,
} from '@advocate-hub/shared';
import type { z } from 'zod';
import type { ForecastBody } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import type { AuthMember } from '../../platform/access.js';
import { auditRepo } from '../audit/audit.repo.js';
import type { ChallengesAdminService } from '../challenges/challenges.service.js';
import type { SegmentsService } from '../segments/segments.service.js';
import { coverageRepo, type DemandRow } from './coverage.repo.js';
import { referencesRepo } from './references.repo.js';

const norm = (v: string | null | undefined) => (v ?? '').trim().toLowerCase();
const sameCell = (a: CoverageCellKey, b: CoverageCellKey) =>
  norm(a.product) === norm(b.product) &&
  norm(a.industry) === norm(b.industry) &&
  norm(a.region) === norm(b.region) &&
  norm(a.companySize) === norm(b.companySize);
const cellLabel = (c: CoverageCellKey) =>
  [c.product, c.industry, c.region, c.companySize].filter((x): x is string => !!x).join(' · ');
const badCsv = (message: string, details?: unknown) =>
  new AppError({ code: 'references.bad_csv', status: 422, message, details });

export const demandView = (d: DemandRow) => ({ ...d, createdAt: d.createdAt.toISOString() });

/**
 * Coverage (gap analysis): referenceable advocates against the demand for references, by product,
 * industry, region and company size; demand from the open pipeline (CSV or API) and forecasts;
 * "recruit here" on a thin cell makes a segment of the cell's members and a challenge targeted at it.
 */
export class CoverageService {
  constructor(
    private readonly db: Db,
    private readonly segments: SegmentsService,
    private readonly challenges: ChallengesAdminService,
    private readonly publicUrl: string,
  ) {}

  async coverage(by: CoverageDimension[]): Promise<CoverageCell[]> {
    const [rows, recruitments] = await Promise.all([
      coverageRepo.coverage(this.db, by),
      coverageRepo.recruitments(this.db),
    ]);
    return rows
      .map((r): CoverageCell => {
        const key: CoverageCellKey = {
          product: r.product,
          industry: r.industry,
          region: r.region,
          companySize: r.size as CoverageCellKey['companySize'],
        };
        return {
          ...key,
          supply: r.supply,
          demand: r.demand,
          gap: r.demand - r.supply,
          recruitments: recruitments
            .filter((x) => sameCell(x.cell, key))
            .map((x) => ({
              id: x.id,
              challengeId: x.challenge_id,
              reaches: x.reaches,
              recruited: x.recruited,
              createdAt: new Date(x.created_at).toISOString(),
            })),
        };
      })
      .sort((a, b) => b.gap - a.gap || cellLabel(a).localeCompare(cellLabel(b)));
  }

  /**
   * Recruit here: a segment of the members the cell describes (product used, industry, region), a
   * published challenge targeted at it that leads them to opt in, and a record of whom it reached
   * (those not referenceable yet count as recruited once they opt in).
   */
  async recruit(actor: AuthMember, cell: CoverageCellKey, points: number, ip: string | null) {
    const conditions: SegmentCondition[] = [];
    if (cell.product) conditions.push({ field: 'products', op: 'has_any', values: [cell.product] });
    if (cell.industry) conditions.push({ field: 'industry', op: 'is', values: [cell.industry] });
    if (cell.region) conditions.push({ field: 'region', op: 'is', values: [cell.region] });
    if (!conditions.length)
      throw new AppError({
        code: 'references.cell_too_wide',
        status: 422,
        message: 'Recruiting needs a cell with a product, an industry or a region',
      });
    const label = cellLabel(cell);
    const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const segment = await this.segments.create(
      { id: actor.id, ip },
      {
        name: `References: ${label}`.slice(0, 62) + ` (${stamp})`,
        description: `Members who could become references for ${label}; made by "Recruit here" on the coverage matrix.`,
        rule: { match: 'all', conditions },
      },
    );
    const challenge = await this.challenges.create(
      actor.id,
      {
        title: `Become a customer reference${cell.product ? ` for ${cell.product}` : ''}`,
        description:
          `Peers ${cell.industry ? `in ${cell.industry} ` : ''}${cell.region ? `in ${cell.region} ` : ''}want to hear from ` +
          'customers like you. Open your reference profile, say what you are happy to do (a short call, a case study…) ' +
          'and opt in. You choose every time: each ask comes to you first, and the program keeps asks rare.',
        category: 'advocacy',
        stages: [
          {
            kind: 'visit',
            title: 'Opt in as a reference',
            points,
            config: { url: `${this.publicUrl}/references` },
          },
        ],
        status: 'published',
        targeting: { includeSegmentIds: [segment.id] },
      },
      ip,
    );
    const [audience, ids] = await Promise.all([
      this.segments.audience({
        includeSegmentIds: [segment.id],
        includeGroupIds: [],
        excludeSegmentIds: [],
        excludeGroupIds: [],
      }),
      this.segments.memberIds(segment.id),
    ]);
    const already = await coverageRepo.referenceable(this.db, ids);
    await this.db.transaction(async (tx) => {
      await coverageRepo.insertRecruitment(tx, {
        cell,
        segmentId: segment.id,
        challengeId: challenge.id,
        reaches: audience.count,
        candidateIds: ids.filter((id) => !already.has(id)),
        createdBy: actor.id,
      });
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'references.recruit',
        targetType: 'challenge',
        targetId: challenge.id,
        data: { cell, segmentId: segment.id, reaches: audience.count },
        ip,
      });
    });
    return {
      challenge: { id: challenge.id, title: challenge.title, status: challenge.status },
      segmentId: segment.id,
      reaches: audience.count,
    };
  }

  // ------------------------------------------------------------ demand

  listDemand() {
    return coverageRepo.listDemand(this.db);
  }

  /** Replaces the open pipeline with a CSV: opportunity,product,industry,region,company_size,amount (a header row). */
  async importPipeline(actor: AuthMember, csv: string, ip: string | null) {
    let records: Record<string, string>[];
    try {
      records = parse(csv, {
        columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
      });
    } catch (e) {
      throw badCsv(`This is not a CSV we can read: ${(e as Error).message}`);
    }
    if (!records.length) throw badCsv('The CSV has no rows');
    if (!('product' in records[0]!)) throw badCsv('The CSV needs a "product" column');
    const settings = await referencesRepo.settings(this.db);
    const rows = records.map((r, i) => {
      const line = i + 2;
      const amount = r.amount ? Number(r.amount.replace(/[,\s]/g, '')) : null;
      if (!r.product) throw badCsv(`Line ${line}: the product is missing`, { line });
      if (amount !== null && (!Number.isInteger(amount) || amount < 0))
        throw badCsv(`Line ${line}: the amount is not a whole number`, { line });
      const size = r.company_size || r.size || null;
      if (size && !(COMPANY_SIZES as readonly string[]).includes(size))
        throw badCsv(`Line ${line}: company size must be one of ${COMPANY_SIZES.join(', ')}`, { line });
      return {
        source: 'pipeline' as const,
        opportunity: r.opportunity || null,
        product: r.product.slice(0, 80),
        industry: r.industry?.slice(0, 80) || null,
        region: r.region?.slice(0, 80) || null,
        companySize: size,
        amount,
        referencesNeeded: settings.referencesPerDeal,
      };
    });
    await this.db.transaction(async (tx) => {
      await coverageRepo.replacePipeline(tx, rows);
      await auditRepo.record(tx, {
        actorId: actor.id,
        action: 'references.pipeline_imported',
        targetType: 'program',
        targetId: 'references',
        data: { rows: rows.length },
        ip,
      });
    });
    return { imported: rows.length, referencesNeeded: rows.reduce((n, r) => n + r.referencesNeeded, 0) };
  }

  /** A forecast for a cell: references needed = revenue goal ÷ average deal × references per deal, rounded up. */
  addForecast(f: z.infer<typeof ForecastBody>) {
    return coverageRepo.insertDemand(this.db, {
      source: 'forecast',
      opportunity: `Forecast: ${f.revenueGoal.toLocaleString('en-US')} ÷ ${f.averageDeal.toLocaleString('en-US')} × ${f.referencesPerDeal}`,
      product: f.product,
      industry: f.industry,
      region: f.region,
      companySize: f.companySize,
      amount: f.revenueGoal,
      referencesNeeded: Math.ceil((f.revenueGoal / f.averageDeal) * f.referencesPerDeal),
    });
  }

  async removeDemand(id: string) {
    if (!(await coverageRepo.removeDemand(this.db, id)))
      throw new AppError({ code: 'references.demand_not_found', status: 404, message: 'No such demand row' });
  }

  metrics() {
    return coverageRepo.metrics(this.db);
  }
}
