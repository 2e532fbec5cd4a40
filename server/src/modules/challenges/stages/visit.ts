import { defineStage } from './handler.js';

/** "Go there + done". */
export const visit = defineStage('visit');
