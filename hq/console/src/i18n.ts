import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export type Language = 'zh-CN' | 'en';
const KEY = 'hq-console.language';

/** The person's choice, else the browser's first language we speak. */
export function startLanguage(): Language {
  const chosen = localStorage.getItem(KEY);
  if (chosen === 'en' || chosen === 'zh-CN') return chosen;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export async function initI18n() {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: startLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
}

export async function setLanguage(language: Language) {
  localStorage.setItem(KEY, language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
