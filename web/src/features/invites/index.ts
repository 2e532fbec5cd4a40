/** Invites: inviting members and accepting an invitation. Public entry of the feature. */
export { routes as invitesRoutes } from './routes';
export { invitesApi, type InviteResult } from './api';
