import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../shared/settings/schema';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { formatMinorUnits } from './money';

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

/** Before anyone has chosen: Chinese for a Chinese system, English otherwise. */
export function systemLanguage(navigatorLanguages: readonly string[]): Language {
  return navigatorLanguages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export const i18nOptions = {
  resources,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;

/** `{{amountMinor, money}}` in a translation formats integer minor units in the `currency` passed to t(). */
export function addFormatters(instance: i18n) {
  instance.services.formatter?.add('money', (value, lng, options) =>
    formatMinorUnits(Number(value), String((options as { currency?: string }).currency ?? 'CNY'), lng ?? 'en'),
  );
  // `{{at, when}}`: a UTC ISO instant shown in local time, in the UI's language (2026年11月27日 13:28 in 中文).
  instance.services.formatter?.add('when', (value, lng) => {
    const at = new Date(String(value));
    return Number.isNaN(at.getTime()) ? String(value) : at.toLocaleString(lng ?? 'en', { dateStyle: 'medium', timeStyle: 'short' });
  });
  // `{{category, category}}`: a catalog category in the UI's language; one HQ invented and we do not know is
  // data, shown as it came.
  instance.services.formatter?.add('category', (value, lng) => instance.t(`vocab.categories.${String(value)}`, { lng, defaultValue: String(value) }));
}

export async function initI18n(language: Language) {
  await i18next.use(initReactI18next).init({ ...i18nOptions, lng: language });
  addFormatters(i18next);
  document.documentElement.lang = language;
  return i18next;
}

export async function setUiLanguage(language: Language) {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
