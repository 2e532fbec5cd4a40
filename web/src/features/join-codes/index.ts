/** Join codes: self sign-up with a code, and the admin's codes. Public entry of the feature. */
export { routes as joinCodesRoutes } from './routes';
export { joinCodesApi } from './api';
