import { onBeforeUnmount } from 'vue';
import { useRealtimeStore, type RealtimeEvent } from '../store';
import type { ServerToClientEvents } from '@advocate-hub/shared/socket';

/** Listen to a server event while the calling component is mounted. */
export function useRealtimeEvent<E extends RealtimeEvent>(
  event: E,
  handler: (payload: Parameters<ServerToClientEvents[E]>[0]) => void,
): void {
  const off = useRealtimeStore().on(event, handler);
  onBeforeUnmount(off);
}
