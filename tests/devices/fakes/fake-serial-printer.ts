import { SerialPort } from 'serialport';
import { FakePrinterDevice } from './fake-printer-device.js';

/** The printer end of a pty pair: the device answers on the line like a serial receipt printer. */
export class FakeSerialPrinter {
  readonly device = new FakePrinterDevice();
  private port: SerialPort | null = null;

  async attach(devicePath: string): Promise<void> {
    const port = new SerialPort({ path: devicePath, baudRate: 19200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('data', (chunk: Buffer) => {
      const reply = this.device.accept(chunk);
      if (reply.length > 0) port.write(reply);
    });
    port.on('error', () => undefined);
    this.port = port;
  }

  async detach(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
