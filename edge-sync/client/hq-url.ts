/**
 * Issue 12: HQ is reached over HTTPS. Plain http:// is accepted only to this machine (loopback: a
 * pilot HQ on the counter PC, tests) or when a lab explicitly allows it, because provisioning returns
 * the device secret in the response body and every request carries member data.
 */
export function plainHttpRefusal(baseUrl: string, allowPlainHttpLab = false): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `not a URL: ${baseUrl.slice(0, 100)}`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return `HQ URL must be https:// (got ${url.protocol})`;
  if (isLoopback(url.hostname) || allowPlainHttpLab) return null;
  return `HQ URL ${url.origin} is plain http:// to another machine: use https:// (or allow plain HTTP explicitly for a lab)`;
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
