/**
 * Our renderer's origin. The built renderer is served from `app://kiosk/…` by the protocol handler
 * in app-protocol.ts; IPC and permissions are granted only to frames on this origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of our own renderer. `URL.origin` is "null" for custom schemes, so compare parts. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
