/** Notifications: the bell, its list and polling. Public entry of the feature. */
export { default as NotificationsBell } from './components/NotificationsBell.vue';
