/** Every scan the station receives, from the keyboard wedge or a serial scanner, in one stream. */
export interface Scan {
  /** 'keyboard' for the wedge, else the serial scanner's device id. */
  source: string;
  data: string;
  at: string;
}

type Listener = (scan: Scan) => void;
const listeners = new Set<Listener>();

export const scanBus = {
  publish(scan: Scan) {
    for (const listener of listeners) listener(scan);
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

type TypedListener = (text: string) => void;
const typedListeners = new Set<TypedListener>();

/**
 * Keys a person typed while no text field had focus (shortcuts such as 1/Y/N in an inspection). The
 * wedge listener holds printable keys while they might start a scan; when they turn out to be typing
 * and there is no field to put them in, they arrive here instead of vanishing.
 */
export const typedBus = {
  publish(text: string) {
    for (const listener of typedListeners) listener(text);
  },
  subscribe(listener: TypedListener) {
    typedListeners.add(listener);
    return () => void typedListeners.delete(listener);
  },
};
