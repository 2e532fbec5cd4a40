/** Members: the admin's member directory and the member's own profile. Public entry of the feature. */
export { routes as membersRoutes } from './routes';
export { membersApi } from './api';
