/** Badges: the admin's badges, rules, holders and awards. Public entry of the feature. */
export { routes as badgesRoutes } from './routes';
