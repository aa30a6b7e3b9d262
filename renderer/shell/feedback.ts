/** Short tones a clerk hears without looking: a high beep for done, a low double buzz for a problem. */
let context: AudioContext | undefined;

export function beep(kind: 'ok' | 'error') {
  try {
    context ??= new AudioContext();
    const play = (freq: number, at: number, length: number) => {
      const osc = context!.createOscillator();
      const gain = context!.createGain();
      osc.frequency.value = freq;
      osc.type = kind === 'ok' ? 'sine' : 'square';
      gain.gain.value = 0.08;
      osc.connect(gain).connect(context!.destination);
      osc.start(context!.currentTime + at);
      osc.stop(context!.currentTime + at + length);
    };
    if (kind === 'ok') play(1320, 0, 0.09);
    else {
      play(220, 0, 0.12);
      play(220, 0.18, 0.12);
    }
  } catch {
    // No audio device: the colours and the big text still say it.
  }
}
