import { ref } from 'vue';
import type { CompanySize } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { adminReferencesApi, type Demand } from '../api';
import { useAttempt } from './useSavedForm';

export interface ForecastDraft {
  product: string;
  industry: string;
  region: string;
  companySize: CompanySize | null;
  revenueGoal: number | null;
  averageDeal: number | null;
  referencesPerDeal: number | null;
}

const blankForecast = (): ForecastDraft => ({
  product: '',
  industry: '',
  region: '',
  companySize: null,
  revenueGoal: null,
  averageDeal: null,
  referencesPerDeal: 1,
});

/** Demand for references: the open pipeline (CSV, replaced whole) and forecasts, listed and removable. */
export function useDemand(changed: () => void) {
  const rows = ref<Demand[]>([]);
  const loadError = ref<string | null>(null);
  const csv = ref('');
  const forecast = ref<ForecastDraft>(blankForecast());
  const importing = useAttempt();
  const adding = useAttempt();
  const imported = ref<string | null>(null);

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      rows.value = (await adminReferencesApi.demand()).demand;
    } catch (err) {
      loadError.value = errorMessage(err, 'Could not load the demand.');
    }
  }

  async function importCsv(): Promise<void> {
    imported.value = null;
    await importing.attempt(async () => {
      const r = await adminReferencesApi.importPipeline(csv.value);
      imported.value = `${r.imported} opportunities imported: ${r.referencesNeeded} references needed.`;
      csv.value = '';
      await load();
      changed();
    }, 'Could not import the pipeline.');
  }

  async function addForecast(): Promise<void> {
    const f = forecast.value;
    await adding.attempt(async () => {
      await adminReferencesApi.addForecast({
        product: f.product.trim(),
        industry: f.industry.trim() || null,
        region: f.region.trim() || null,
        companySize: f.companySize,
        revenueGoal: f.revenueGoal ?? 0,
        averageDeal: f.averageDeal ?? 0,
        referencesPerDeal: f.referencesPerDeal ?? 0,
      });
      forecast.value = blankForecast();
      await load();
      changed();
    }, 'Could not add the forecast.');
  }

  async function remove(id: string): Promise<void> {
    await adminReferencesApi.removeDemand(id);
    await load();
    changed();
  }

  return { rows, loadError, csv, forecast, importing, adding, imported, load, importCsv, addForecast, remove };
}
