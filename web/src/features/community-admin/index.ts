/** Community admin: categories and the community settings. Public entry of the feature. */
export { routes as communityAdminRoutes } from './routes';
export { communityAdminApi, type AdminCategory } from './api';
