/** Ledger: points history and manual adjustments. Public entry of the feature. */
export { ledgerApi, type LedgerChange, type PointEntry, type PointsPage } from './api';
export { usePointsHistory } from './composables/usePointsHistory';
export { default as PointsAdjustDialog } from './components/PointsAdjustDialog.vue';
export { default as PointsHistoryList } from './components/PointsHistoryList.vue';
