export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** A tiny observable for the status bar (read with React's useSyncExternalStore). */
export interface ConnectionStore {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

export function createConnectionStore(initial: ConnectionState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: ConnectionState) {
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
  };
}
