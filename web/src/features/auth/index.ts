/** Auth: signing in and out, the session, and where a member lands. Public entry of the feature. */
export { routes as authRoutes } from './routes';
export { useSessionStore, hasSessionHint } from './store';
export { homePathFor } from './lib/home';
export { useNewAccount } from './composables/useNewAccount';
export { useSignOut } from './composables/useSignOut';
export { default as AuthNewAccountFields } from './components/AuthNewAccountFields.vue';
export { default as AuthStatusCard } from './components/AuthStatusCard.vue';
export { default as AuthPasswordFields } from './components/AuthPasswordFields.vue';
