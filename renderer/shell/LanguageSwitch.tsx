import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../shared/settings/schema';
import { setUiLanguage } from '../i18n';
import { useStation } from '../station-context';

/** Switches at once and persists the choice in the station's settings file. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { api } = useStation();
  const choose = async (language: Language) => {
    await setUiLanguage(language);
    await api.settingsSet({ ui: { language } });
  };
  return (
    <fieldset className="lang" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button key={language} type="button" lang={language} aria-pressed={i18n.language === language} onClick={() => void choose(language)}>
          {t(`language.${language}`)}
        </button>
      ))}
    </fieldset>
  );
}
