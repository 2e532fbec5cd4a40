/** Community: categories, threads, posts, search and the composer. Public entry of the feature. */
export { routes as communityRoutes } from './routes';
export { useCommunityStore } from './store';
