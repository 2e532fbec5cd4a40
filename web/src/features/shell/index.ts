/** Shell: the app's layouts, navigation, document title, focus and the 404/403 pages. Public entry of the feature. */
export { routes as shellRoutes } from './routes';
export { useDocumentTitle } from './composables/useDocumentTitle';
export { useRouteFocus } from './composables/useRouteFocus';
export { default as LayoutAppShell } from './components/LayoutAppShell.vue';
export { default as LayoutAuthShell } from './components/LayoutAuthShell.vue';
export { useAdvocateViewStore, advocateViewAllows } from './composables/useAdvocateView';
