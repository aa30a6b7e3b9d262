import { describe, expect, it } from 'vitest';
import { createBrowserTransport } from './station.browser';

/** A scripted socket: the test plays the host. */
class ScriptedSocket extends EventTarget {
  static OPEN = 1;
  static last: ScriptedSocket;
  readonly OPEN = 1;
  readyState = 0;
  sent: { id: number; channel: string }[] = [];
  constructor(readonly url: string) {
    super();
    ScriptedSocket.last = this;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  reply(data: unknown) {
    this.dispatchEvent(Object.assign(new Event('message'), { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }
  drop() {
    this.readyState = 3;
    this.dispatchEvent(new Event('close'));
  }
  close() {
    this.drop();
  }
}

const make = (callTimeoutMs = 1000) =>
  createBrowserTransport('ws://127.0.0.1:1/ipc', { WebSocketImpl: ScriptedSocket as unknown as typeof WebSocket, callTimeoutMs, retryDelaysMs: [60_000] });

describe('browser transport', () => {
  it('holds calls made while connecting and sends them once open', async () => {
    const t = make();
    const call = t.invoke('settingsGet', undefined);
    expect(ScriptedSocket.last.sent).toEqual([]);
    ScriptedSocket.last.open();
    expect(ScriptedSocket.last.sent).toMatchObject([{ id: 1, channel: 'settingsGet' }]);
    ScriptedSocket.last.reply({ type: 'result', id: 1, result: { ok: true, value: 42 } });
    expect(await call).toEqual({ ok: true, value: 42 });
    t.close();
  });

  it('ends a sent call as transport_closed when the socket drops before the answer', async () => {
    const t = make();
    ScriptedSocket.last.open();
    const call = t.invoke('settingsSet', { ui: { language: 'en' } });
    ScriptedSocket.last.drop();
    expect(await call).toMatchObject({ ok: false, error: { code: 'transport_closed' } });
    expect(t.connection.get()).toBe('disconnected');
    t.close();
  });

  it('ends a call whose reply cannot be read at once, with bad_response', async () => {
    const t = make();
    ScriptedSocket.last.open();
    const call = t.invoke('appInfo', undefined);
    ScriptedSocket.last.reply({ type: 'result', id: 1, result: { ok: 'maybe' } });
    expect(await call).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    t.close();
  });

  it('times out a call nobody answers', async () => {
    const t = make(30);
    ScriptedSocket.last.open();
    expect(await t.invoke('appInfo', undefined)).toMatchObject({ ok: false, error: { code: 'transport_timeout' } });
    t.close();
  });

  it('ignores garbage and delivers events to their subscribers only', () => {
    const t = make();
    ScriptedSocket.last.open();
    const seen: unknown[] = [];
    const off = t.subscribe('settingsChanged', (p) => seen.push(p));
    ScriptedSocket.last.reply('not json at all');
    ScriptedSocket.last.reply({ type: 'event', event: 'somethingElse', payload: 1 });
    ScriptedSocket.last.reply({ type: 'event', event: 'settingsChanged', payload: 2 });
    off();
    ScriptedSocket.last.reply({ type: 'event', event: 'settingsChanged', payload: 3 });
    expect(seen).toEqual([2]);
    t.close();
  });
});
