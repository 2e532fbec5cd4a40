/** Completions: the admin's review queue and reversals. Public entry of the feature. */
export { routes as completionsRoutes } from './routes';
