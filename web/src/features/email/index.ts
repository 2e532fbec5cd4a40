/** Email: password reset, email change, notification preferences, unsubscribe, the admin's outbox. Public entry of the feature. */
export { routes as emailRoutes } from './routes';
export { emailApi } from './api';
export { default as NotificationPreferences } from './components/NotificationPreferences.vue';
export { default as EmailChangeForm } from './components/EmailChangeForm.vue';
