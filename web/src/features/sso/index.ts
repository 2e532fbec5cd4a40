/** Single sign-on (OIDC, SAML) and SCIM provisioning. Public entry of the feature. */
export { routes as ssoRoutes } from './routes';
/** The login page's "Sign in with …" buttons (bundled with that lazily loaded page, not the entry). */
export { default as SsoLoginButtons } from './components/SsoLoginButtons.vue';
