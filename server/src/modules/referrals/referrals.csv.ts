import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ReferralErrorCode as E, ReferralStage, type AdminReferral } from '@advocate-hub/shared';
import { email as emailField } from '@advocate-hub/shared/fields';
import { AppError } from '../../platform/errors.js';

/** The columns of the export, which the import reads back (a round trip changes nothing). */
export const CSV_COLUMNS = [
  'id',
  'created_at',
  'stage',
  'amount',
  'review',
  'hold_reasons',
  'campaign_id',
  'campaign',
  'advocate_email',
  'advocate_name',
  'prospect_name',
  'prospect_email',
  'company',
  'title',
  'consent_at',
  'points_paid',
  'points_pending',
] as const;

/** Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const unsafe = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

export function referralsCsv(rows: AdminReferral[]): string {
  return stringify(
    rows.map((x) =>
      [
        x.id,
        x.createdAt,
        x.status,
        x.amount ?? '',
        x.review,
        x.holdReasons.join(' '),
        x.campaign.id,
        x.campaign.name,
        x.advocate.email,
        x.advocate.name,
        x.prospect.name,
        x.prospect.email,
        x.prospect.company ?? '',
        x.prospect.title ?? '',
        x.consentAt,
        x.pointsPaid,
        x.pointsPending,
      ].map((v) => (typeof v === 'string' ? safe(v) : v)),
    ),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}

/** One row of an import: a known referral to move (id), or a new one (advocate and prospect). */
export type ImportRow =
  | { line: number; kind: 'move'; id: string; stage: ReferralStage; amount: number | undefined }
  | {
      line: number;
      kind: 'new';
      advocateEmail: string;
      campaignId: string | undefined;
      stage: ReferralStage;
      amount: number | undefined;
      prospect: { name: string; email: string; company?: string; title?: string };
    }
  | { line: number; kind: 'error'; code: string; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads an import: a header row naming columns of the export (at least `stage`, and `id` or the new referral's fields). */
export function readImport(csv: string): ImportRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    throw new AppError({ code: E.badCsv, status: 400, message: `The CSV could not be read: ${(e as Error).message}` });
  }
  if (!records.length) throw new AppError({ code: E.badCsv, status: 400, message: 'The CSV has no rows' });
  if (records.length > 5000) throw new AppError({ code: E.badCsv, status: 400, message: 'At most 5000 rows at once' });
  return records.map((raw, i): ImportRow => {
    const line = i + 2;
    const get = (k: string) => unsafe(raw[k] ?? '').trim();
    const bad = (message: string): ImportRow => ({ line, kind: 'error', code: E.badCsv, message });
    const stage = ReferralStage.safeParse(get('stage') || 'submitted');
    if (!stage.success) return bad(`Unknown stage “${get('stage')}”`);
    const amountText = get('amount');
    const amount = amountText ? Number(amountText) : undefined;
    if (amount !== undefined && !(Number.isFinite(amount) && amount >= 0)) return bad(`Bad amount “${amountText}”`);
    const id = get('id');
    if (id) {
      if (!UUID.test(id)) return bad(`Bad id “${id}”`);
      return { line, kind: 'move', id, stage: stage.data, amount };
    }
    const advocateEmail = emailField.safeParse(get('advocate_email'));
    const prospectEmail = emailField.safeParse(get('prospect_email'));
    if (!advocateEmail.success) return bad('advocate_email is missing or not an email');
    if (!prospectEmail.success) return bad('prospect_email is missing or not an email');
    if (!get('prospect_name')) return bad('prospect_name is missing');
    if (!get('consent_at') && !/^(yes|true|1)$/i.test(get('consent')))
      return bad('The prospect’s consent is required (consent_at, or consent = yes)');
    const campaignId = get('campaign_id');
    if (campaignId && !UUID.test(campaignId)) return bad(`Bad campaign_id “${campaignId}”`);
    return {
      line,
      kind: 'new',
      advocateEmail: advocateEmail.data,
      campaignId: campaignId || undefined,
      stage: stage.data,
      amount,
      prospect: {
        name: get('prospect_name').slice(0, 120),
        email: prospectEmail.data,
        ...(get('company') ? { company: get('company').slice(0, 200) } : {}),
        ...(get('title') ? { title: get('title').slice(0, 200) } : {}),
      },
    };
  });
}
