import net from 'node:net';
import { AppError } from '../../../contract/result.js';
import { Listeners, type PrinterTransport } from './printer-transport.js';

/** Raw TCP ("JetDirect", port 9100): network receipt printers take ESC/POS bytes on a plain socket. */
export class TcpTransport implements PrinterTransport {
  readonly label: string;
  readonly idleCloseMs: number | null;
  private socket: net.Socket | null = null;
  private readonly data = new Listeners<[Buffer]>();
  private readonly closed = new Listeners<[string]>();

  constructor(
    private readonly host: string,
    private readonly port: number,
    options: { idleCloseMs?: number | null } = {},
  ) {
    this.label = `tcp://${host}:${port}`;
    this.idleCloseMs = options.idleCloseMs === undefined ? 2000 : options.idleCloseMs;
  }

  get isOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  open(timeoutMs: number): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host: this.host, port: this.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new AppError('PRINTER_TIMEOUT', `No connection to the printer at ${this.label} within ${timeoutMs} ms`, { retryable: true }));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        // Printers drop idle connections; keep-alive notices a pulled cable instead of writing into the void.
        socket.setKeepAlive(true, 5_000);
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => this.data.emit(chunk));
        socket.on('close', () => {
          if (this.socket === socket) this.socket = null;
          this.closed.emit('connection closed');
        });
        resolve();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (this.socket !== socket) {
          socket.destroy();
          reject(new AppError('PRINTER_UNREACHABLE', `Cannot connect to the printer at ${this.label}: ${error.code ?? error.message}`, { retryable: true }));
        }
      });
    });
  }

  write(data: Uint8Array, timeoutMs: number): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new AppError('PRINTER_UNREACHABLE', `Printer connection ${this.label} is closed`, { retryable: true }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new AppError('PRINTER_TIMEOUT', `The printer at ${this.label} stopped accepting data`, { retryable: true }));
      }, timeoutMs);
      socket.write(data, (error) => {
        clearTimeout(timer);
        if (error) reject(new AppError('PRINTER_UNREACHABLE', `Writing to ${this.label} failed: ${error.message}`, { retryable: true }));
        else resolve();
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
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 500).unref();
    });
  }
}
