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
