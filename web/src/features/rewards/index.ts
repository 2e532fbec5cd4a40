/** Rewards: the catalog, redeeming, my redemptions, and the admin's catalog and queue. Public entry of the feature. */
export { routes as rewardsRoutes } from './routes';
