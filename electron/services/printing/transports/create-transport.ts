import { AppError } from '../../../contract/result.js';
import type { PrinterConfig } from '../../../contract/devices.js';
import type { PrinterTransport } from './printer-transport.js';
import { SerialTransport } from './serial-transport.js';
import { TcpTransport } from './tcp-transport.js';
import { UsbLpTransport } from './usb-lp-transport.js';

/** The transport the settings ask for; null when no printer is configured. */
export function createTransport(config: PrinterConfig): PrinterTransport | null {
  switch (config.transport) {
    case 'none':
      return null;
    case 'tcp':
      if (!config.host) throw new AppError('CONFIG_INVALID', 'devices.printer.host is required for a network printer');
      return new TcpTransport(config.host, config.port);
    case 'serial':
      if (!config.path) throw new AppError('CONFIG_INVALID', 'devices.printer.path is required for a serial printer');
      return new SerialTransport(config.path, config.baudRate);
    case 'usb-lp':
      if (!config.path) throw new AppError('CONFIG_INVALID', 'devices.printer.path is required for a USB printer');
      return new UsbLpTransport(config.path);
  }
}
