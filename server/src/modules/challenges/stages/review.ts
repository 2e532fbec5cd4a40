import { defineStage } from './handler.js';

/** Write a review and give its URL; reviewed by the program team by default. */
export const review = defineStage('review');
