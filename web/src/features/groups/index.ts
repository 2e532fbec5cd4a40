/** Groups: the admin's groups and their members. Public entry of the feature. */
export { routes as groupsRoutes } from './routes';
export { groupsApi } from './api';
