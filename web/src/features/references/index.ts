/** The reference desk: an advocate's reference profile and asks, requesters' requests and matches, the admin's settings. Public entry of the feature. */
export { routes as referencesRoutes } from './routes';
