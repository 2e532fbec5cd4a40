/** Audit: the admin activity log. Public entry of the feature. */
export { routes as auditRoutes } from './routes';
export { auditApi, type AuditEntry } from './api';
