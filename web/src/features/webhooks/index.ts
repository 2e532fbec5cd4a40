/** Outgoing webhooks (Standard Webhooks): endpoints, secrets, the delivery log. Public entry of the feature. */
export { routes as webhooksRoutes } from './routes';
export { webhooksApi } from './api';
