/** Realtime: the tab's socket.io connection, live events and board rooms. Public entry of the feature. */
export { useRealtimeStore, type BoardWatch, type RealtimeEvent, type SubscribedHandler } from './store';
export { useRealtimeConnection } from './composables/useRealtimeConnection';
export { useRealtimeEvent } from './composables/useRealtimeEvent';
export { default as RealtimeOfflineIndicator } from './components/RealtimeOfflineIndicator.vue';
