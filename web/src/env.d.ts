/// <reference types="vite/client" />

/** The event bus behind PrimeVue's ToastService (the package ships no types for it). */
declare module 'primevue/toasteventbus' {
  const bus: {
    on(event: string, handler: (payload: unknown) => void): void;
    off(event: string, handler: (payload: unknown) => void): void;
    emit(event: string, payload?: unknown): void;
  };
  export default bus;
}
