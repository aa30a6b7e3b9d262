import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { deviceName } from './device-name';
import { i18nOptions } from './index';

describe('a device by name', () => {
  it('is the name someone gave it, else what it is in the UI language — never its id', async () => {
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, lng: 'zh-CN' });
    expect(deviceName(i18n.t, { label: '', role: 'scale' })).toBe('电子秤');
    expect(deviceName(i18n.t, { label: '  ', role: 'scanner' })).toBe('扫描枪');
    expect(deviceName(i18n.t, { label: '' }, 'printer')).toBe('打印机');
    expect(deviceName(i18n.t, { label: '1号台秤', role: 'scale' })).toBe('1号台秤');
    await i18n.changeLanguage('en');
    expect(deviceName(i18n.t, { label: '', role: 'scale' })).toBe('Scale');
  });
});
