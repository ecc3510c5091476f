import { SerialPort } from 'serialport';
import { AppError } from '../../../contract/result.js';
import { Listeners, type PrinterTransport } from './printer-transport.js';

/** RS-232 or USB-serial printers. 8N1; the baud rate must match the printer's DIP switches. */
export class SerialTransport implements PrinterTransport {
  readonly label: string;
  readonly idleCloseMs: number | null = null;
  private port: SerialPort | null = null;
  private readonly data = new Listeners<[Buffer]>();
  private readonly closed = new Listeners<[string]>();

  constructor(
    private readonly path: string,
    private readonly baudRate: number,
  ) {
    this.label = `serial://${path}@${baudRate}`;
  }

  get isOpen(): boolean {
    return this.port !== null && this.port.isOpen;
  }

  open(timeoutMs: number): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let settled = false;
      const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, rtscts: false });
      const timer = setTimeout(() => {
        settled = true;
        if (port.isOpen) port.close(() => undefined);
        reject(new AppError('PRINTER_TIMEOUT', `Opening ${this.label} took longer than ${timeoutMs} ms`, { retryable: true }));
      }, timeoutMs);
      port.open((error) => {
        clearTimeout(timer);
        if (settled) return;
        if (error) {
          reject(new AppError('PRINTER_UNREACHABLE', `Cannot open serial port ${this.path}: ${error.message}`, { retryable: true }));
          return;
        }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.data.emit(chunk));
        port.on('close', () => {
          if (this.port === port) this.port = null;
          this.closed.emit('serial port closed');
        });
        // Errors after opening (unplugged USB-serial adapter) arrive here; 'close' follows.
        port.on('error', () => undefined);
        resolve();
      });
    });
  }

  write(data: Uint8Array, timeoutMs: number): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) return Promise.reject(new AppError('PRINTER_UNREACHABLE', `Serial port ${this.path} is closed`, { retryable: true }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new AppError('PRINTER_TIMEOUT', `The printer on ${this.path} stopped accepting data (flow control or unplugged)`, { retryable: true }));
      }, timeoutMs);
      port.write(Buffer.from(data), (error) => {
        if (error) {
          clearTimeout(timer);
          reject(new AppError('PRINTER_UNREACHABLE', `Writing to ${this.path} failed: ${error.message}`, { retryable: true }));
          return;
        }
        // drain: the bytes have reached the OS driver, not merely serialport's buffer.
        port.drain((drainError) => {
          clearTimeout(timer);
          if (drainError) reject(new AppError('PRINTER_UNREACHABLE', `Writing to ${this.path} failed: ${drainError.message}`, { retryable: true }));
          else resolve();
        });
      });
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    return this.closed.add(listener);
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port || !port.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
