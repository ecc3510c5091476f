import type { devicesCalls } from '../../contract/devices.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { detectDevices } from './device-detection.js';
import { createNodeHidBackend } from './hid-backend.js';
import type { DevicesRuntime } from './devices-runtime.js';

export interface DevicesDeps {
  devices: DevicesRuntime;
}

export function createDevicesHandlers(_ctx: ServiceContext, deps: DevicesDeps): DomainHandlers<keyof typeof devicesCalls> {
  const { printing, scanner } = deps.devices;
  return {
    'devices.getStatus': () => ({ printer: printing.getStatus().printer, scanner: scanner.status() }),
    'devices.detect': () => detectDevices({ hid: deps.devices.hid ?? createNodeHidBackend() }),
    'devices.probePrinter': async (args) => ({ status: await deps.devices.probePrinter(args.printer) }),
    'devices.submitScan': (args) => scanner.handleScan(args.code, args.source),
  };
}
