/** Community: categories, threads, posts, search and the composer. Public entry of the feature. */
export { routes as communityRoutes } from './routes';
export { communityApi, type AdminCategory, type CategorySummary } from './api';
export { useCommunityStore } from './store';
