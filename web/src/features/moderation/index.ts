/** Moderation: the flag queue, members' history and sanctions. Public entry of the feature. */
export { routes as moderationRoutes } from './routes';
export { moderationApi } from './api';
export { useModerationSummary } from './composables/useModerationSummary';
