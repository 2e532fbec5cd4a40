import { computed, ref, shallowRef } from 'vue';
import { errorMessage } from '@/shared/lib/errors';
import { integrationsApi, type ImportReport } from '../api';

export type ImportKind = 'events' | 'members';

/** One line of the preview: the report's row with the file's line it came from. */
export interface PreviewRow {
  id: number;
  row: number;
  ok: boolean;
  line: string;
  outcome: string;
  error: string | null;
}

/** A quoted CSV cell (for the error report). */
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A CSV import: read the file, check it (dry run: nothing is written), show every row with its error,
 * then apply it; failed rows can be downloaded as an error report.
 */
export function useCsvImport(kind: ImportKind) {
  const csv = ref('');
  const fileName = ref<string | null>(null);
  const invite = ref(false);
  const report = shallowRef<ImportReport | null>(null);
  const applied = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);

  const lines = computed(() => csv.value.split(/\r?\n/));
  const rows = computed<PreviewRow[]>(() =>
    (report.value?.rows ?? []).map((r) => ({
      id: r.row,
      row: r.row,
      ok: r.ok,
      line: lines.value[r.row - 1] ?? '',
      outcome: outcomeOf(r),
      error: r.error ? `${r.error.message} (${r.error.code})` : null,
    })),
  );
  const failed = computed(() => rows.value.filter((r) => !r.ok));

  function outcomeOf(r: ImportReport['rows'][number]): string {
    if (!r.ok || !r.result) return 'Error';
    const res = r.result as Record<string, unknown>;
    if ('action' in res) {
      const action = String(res.action);
      const label = applied.value ? action : `will be ${action}`;
      return res.invited ? `${label}, invited` : label;
    }
    if (res.replay) return 'already applied';
    const points = Number(res.pointsAwarded ?? 0);
    const what = res.type === 'stage.complete' ? 'stage completed' : `${points} points`;
    return applied.value ? `${what}${res.completionStatus === 'pending' ? ' (in review)' : ''}` : `will apply: ${what}`;
  }

  async function readFile(file: File): Promise<void> {
    fileName.value = file.name;
    csv.value = await file.text();
    report.value = null;
    applied.value = false;
  }

  async function run(dryRun: boolean): Promise<void> {
    if (!csv.value.trim()) {
      error.value = 'Choose a CSV file first.';
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      report.value =
        kind === 'events'
          ? await integrationsApi.importEvents(csv.value, dryRun)
          : await integrationsApi.importMembers(csv.value, { dryRun, invite: invite.value });
      applied.value = !dryRun;
    } catch (e) {
      error.value = errorMessage(e, 'Could not read this file.');
      report.value = null;
    } finally {
      busy.value = false;
    }
  }

  /** The failed rows as CSV: row, code, message, and the line as it was in the file. */
  function errorReport(): string {
    const head = 'row,code,message,line';
    const body = (report.value?.rows ?? [])
      .filter((r) => !r.ok)
      .map((r) =>
        [String(r.row), r.error?.code ?? '', r.error?.message ?? '', lines.value[r.row - 1] ?? ''].map(quote).join(','),
      );
    return [head, ...body].join('\n') + '\n';
  }

  function downloadErrors(): void {
    const blob = new Blob([errorReport()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${kind}-import-errors.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function reset(): void {
    csv.value = '';
    fileName.value = null;
    report.value = null;
    applied.value = false;
    error.value = null;
  }

  return { csv, fileName, invite, report, applied, busy, error, rows, failed, readFile, run, downloadErrors, reset };
}
