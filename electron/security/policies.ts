import { isSameOrigin } from './app-origin';

/** In-app navigation only: anything else (a link, a redirect, a dropped file) is refused. */
export function isNavigationAllowed(targetUrl: string, appOrigin: string): boolean {
  return isSameOrigin(targetUrl, appOrigin);
}

/**
 * Only the camera (for parcel and damage photos), and only for the app's own pages. Electron asks with
 * `media` for camera and microphone alike, so the requested media types are checked too.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, appOrigin: string, mediaTypes: readonly string[] = []): boolean {
  if (permission !== 'media' || !isSameOrigin(requestingUrl, appOrigin)) return false;
  return mediaTypes.every((type) => type === 'video');
}

/** IPC is answered only for frames showing the app itself, never for an injected or navigated frame. */
export function isTrustedSender(frameUrl: string | undefined, appOrigin: string): boolean {
  return typeof frameUrl === 'string' && isSameOrigin(frameUrl, appOrigin);
}
