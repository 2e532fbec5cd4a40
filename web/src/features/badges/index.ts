/** Badges: the admin's badges, rules, holders and awards. Public entry of the feature. */
export { routes as badgesRoutes } from './routes';
/** Every place that shows a badge draws it with this (picture, built-in art, accessible name). */
export { default as BadgeArt } from './components/BadgeArt.vue';
