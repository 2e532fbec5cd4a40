/** Program analytics: the dashboard, the value of advocacy and the advocacy leak. Public entry of the feature. */
export { routes as analyticsRoutes } from './routes';
