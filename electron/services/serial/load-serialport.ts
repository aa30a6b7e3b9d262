// serialport (and its native binding) is loaded when a serial device is first listed or opened, not at
// start: a station with keyboard-wedge scanners only, or none configured yet, never pays for it (~25 ms).
let loading: Promise<typeof import('serialport')> | undefined;

export const loadSerialport = () => (loading ??= import('serialport'));
