import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AppInfo } from '../shared/ipc/contract';
import type { SettingsState } from '../shared/settings/schema';
import type { StationPlatform } from './platform/station';

export interface StationContextValue extends StationPlatform {
  appInfo: AppInfo;
  settingsState: SettingsState;
}

const StationContext = createContext<StationContextValue | null>(null);

/** Provides the platform and keeps the settings fresh from the service's `settingsChanged` stream. */
export function StationProvider(props: { platform: StationPlatform; appInfo: AppInfo; initialSettings: SettingsState; children: ReactNode }) {
  const { platform } = props;
  const [settingsState, setSettingsState] = useState(props.initialSettings);
  useEffect(() => platform.api.onSettingsChanged(setSettingsState), [platform]);
  return <StationContext.Provider value={{ ...platform, appInfo: props.appInfo, settingsState }}>{props.children}</StationContext.Provider>;
}

export function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (!value) throw new Error('useStation outside StationProvider');
  return value;
}
