/** Levels: the admin's levels. Public entry of the feature. */
export { routes as levelsRoutes } from './routes';
export { levelsApi, type Level } from './api';
