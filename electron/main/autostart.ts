import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import type { Logger } from '../core/logger.js';

export const AUTOSTART_DESKTOP_FILE = 'member-kiosk.desktop';

/** The XDG autostart entry for Linux terminals (Electron's login items cover Windows and macOS only). */
export function autostartDesktopEntry(execPath: string): string {
  const quoted = /[\s"'\\]/.test(execPath) ? `"${execPath.replace(/(["\\`$])/g, '\\$1')}"` : execPath;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Member Kiosk', `Exec=${quoted}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

/** Starts (or stops starting) the kiosk when the terminal's user logs in. */
export function applyAutostart(enabled: boolean, log: Logger, env: NodeJS.ProcessEnv = process.env): void {
  if (!app.isPackaged) return; // never register a developer's checkout as a login item
  if (process.platform === 'win32' || process.platform === 'darwin') {
    app.setLoginItemSettings({ openAtLogin: enabled, path: process.execPath });
    return;
  }
  const dir = path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'autostart');
  const file = path.join(dir, AUTOSTART_DESKTOP_FILE);
  try {
    if (enabled) {
      fs.mkdirSync(dir, { recursive: true });
      // An AppImage runs from a temporary mount: autostart must point at the .AppImage file itself.
      fs.writeFileSync(file, autostartDesktopEntry(env.APPIMAGE ?? process.execPath));
    } else if (fs.existsSync(file)) {
      fs.rmSync(file);
    }
  } catch (error) {
    log.warn('autostart.failed', { error: (error as Error).message });
  }
}
