import { defineStage } from './handler.js';

/** Confirm you did it: no config, no answer. */
export const confirm = defineStage('confirm');
