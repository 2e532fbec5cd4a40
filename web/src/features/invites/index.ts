/** Invites: inviting members (one, many, by email) and accepting an invitation. Public entry of the feature. */
export { routes as invitesRoutes } from './routes';
export { invitesApi, type InviteResult } from './api';
export { default as InvitesBulkDialog } from './components/InvitesBulkDialog.vue';
export { default as InvitesPendingPanel } from './components/InvitesPendingPanel.vue';
