/**
 * Which display shows what at a counter. The normal Chinese POS set-up is one PC with two screens:
 * the cashier console on the main display and the customer display (greeting, check-in, join,
 * consent, the running total, with the camera) facing the customer. One screen is the self-service
 * kiosk. Pure (no Electron): the shell feeds it `screen.getAllDisplays()`, the doctor reports it.
 */
export interface DisplayInfo {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  isPrimary: boolean;
}

export interface ScreensConfig {
  screens: 'auto' | 'single' | 'dual';
  customerDisplayId: number | null;
}

export type DisplayLayout =
  | { mode: 'single'; kiosk: DisplayInfo; reason: string }
  | { mode: 'dual'; cashier: DisplayInfo; customer: DisplayInfo; reason: string };

export function chooseDisplays(displays: DisplayInfo[], config: ScreensConfig): DisplayLayout {
  if (displays.length === 0) throw new Error('no display');
  const primary = displays.find((d) => d.isPrimary) ?? (displays[0] as DisplayInfo);
  if (config.screens === 'single') return { mode: 'single', kiosk: primary, reason: 'kiosk.screens is "single"' };
  const others = displays.filter((d) => d.id !== primary.id);
  const chosen = config.customerDisplayId === null ? undefined : displays.find((d) => d.id === config.customerDisplayId);
  if (config.customerDisplayId !== null && !chosen) {
    const fallback = others[0];
    if (!fallback) return { mode: 'single', kiosk: primary, reason: `customer display ${config.customerDisplayId} is not connected; one display only` };
    return { mode: 'dual', cashier: primary, customer: fallback, reason: `customer display ${config.customerDisplayId} is not connected; using display ${fallback.id}` };
  }
  if (chosen) {
    // The configured customer display may be the main one (a touch screen set as primary): the cashier takes another.
    const cashier = chosen.id === primary.id ? others[0] : primary;
    if (!cashier) return { mode: 'single', kiosk: chosen, reason: 'one display only' };
    return { mode: 'dual', cashier, customer: chosen, reason: `customer display ${chosen.id} from kiosk.customerDisplayId` };
  }
  const second = others[0];
  if (!second) {
    return { mode: 'single', kiosk: primary, reason: config.screens === 'dual' ? 'kiosk.screens is "dual" but only one display is connected' : 'one display: self-service kiosk' };
  }
  return { mode: 'dual', cashier: primary, customer: second, reason: `two displays: cashier on ${primary.id}, customer display on ${second.id}` };
}

/** The doctor's line: what the app will do with the displays it sees (the CLI sees none: it says what is configured). */
export function describeLayout(displays: DisplayInfo[] | null, config: ScreensConfig): { status: 'ok' | 'warn'; summary: string } {
  if (displays === null) {
    const forced = config.customerDisplayId === null ? '' : `, customer display ${config.customerDisplayId}`;
    return { status: 'ok', summary: `Screens: ${config.screens}${forced}. The app puts the cashier console on the main display and the customer display on a second one when present. Browser-hosted: open #/cashier and #/kiosk as two pages.` };
  }
  const layout = chooseDisplays(displays, config);
  const isDegraded = (config.screens === 'dual' && layout.mode === 'single') || layout.reason.includes('not connected');
  const what = layout.mode === 'dual' ? `Two screens: cashier console on display ${layout.cashier.id}, customer display on ${layout.customer.id}` : `One screen: self-service kiosk on display ${layout.kiosk.id}`;
  return { status: isDegraded ? 'warn' : 'ok', summary: `${what} (${layout.reason}).` };
}
