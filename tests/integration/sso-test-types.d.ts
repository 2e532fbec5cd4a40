// oidc-provider ships no type declarations; the SSO test uses a small part of it.
declare module 'oidc-provider';
