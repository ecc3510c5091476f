// The three UI languages are shared by the store screens and the HQ console (renderer/shared/).
export { defaultLocale, isLocale, locales, type Locale } from '../../shared/locales.js';
