import { defineStage } from './handler.js';

/** Share a link (the shared URL is optional and stored as sent). */
export const shareLink = defineStage('share_link');
