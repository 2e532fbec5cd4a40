import { defineAsyncComponent } from 'vue';

/** Single sign-on (OIDC, SAML) and SCIM provisioning. Public entry of the feature. */
export { routes as ssoRoutes } from './routes';
/** The login page's "Sign in with …" buttons, loaded with that page only. */
export const SsoLoginButtons = defineAsyncComponent(() => import('./components/SsoLoginButtons.vue'));
