import { createWedgeDetector, type WedgeDecision, type WedgeSettings } from '../../shared/devices/wedge';
import { typedBus } from './scan-bus';

/** Puts released keys where the person was typing, as if they had reached it directly. */
function insertText(text: string) {
  const el = document.activeElement;
  const editable = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable);
  if (!text) return;
  if (!editable) {
    typedBus.publish(text);
    return;
  }
  // execCommand keeps the field's undo history and fires the input events React listens to.
  if (document.execCommand('insertText', false, text)) return;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    el.setRangeText(text, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/**
 * Listens to every key in the capture phase, before any field sees it, so a wedge scan lands in the flow
 * wherever the focus is, while typing reaches its field unchanged. IME composition (pinyin) and key
 * repeats are never touched.
 */
export function installWedgeListener(settings: WedgeSettings, onScan: (data: string) => void): () => void {
  const detector = createWedgeDetector(settings);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const apply = (d: WedgeDecision) => {
    if (d.release) insertText(d.release);
    if (d.scan) onScan(d.scan);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing || e.key === 'Process' || e.key === 'Dead' || e.repeat) return;
    const decision = detector.push({ key: e.key, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, timeStamp: e.timeStamp });
    if (decision.consume) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
    apply(decision);
    clearTimeout(timer);
    // The timer is cleared by every key, so when it fires the wait has passed: tick at the last key's time
    // plus the wait, not at performance.now(), whose origin can differ from the events' (a faked clock).
    const lastKeyAt = e.timeStamp;
    const wait = detector.waitMs + 5;
    if (detector.holding) timer = setTimeout(() => apply(detector.tick(lastKeyAt + wait)), wait);
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => {
    clearTimeout(timer);
    window.removeEventListener('keydown', onKeyDown, true);
  };
}
