import fs from 'node:fs';
import { AppError } from '../../../contract/result.js';
import { Listeners, type PrinterTransport } from './printer-transport.js';

const POLL_MS = 20;

/**
 * The Linux USB printer class device (/dev/usb/lp0), opened as a plain character device.
 * Opened non-blocking: a blocking read on usblp would hold a libuv thread forever when the printer
 * has nothing to say, so replies are polled while the device is open. Unplugging makes reads and writes
 * fail with ENODEV/EIO; we close and the driver reopens once the device node is back.
 */
export class UsbLpTransport implements PrinterTransport {
  readonly label: string;
  readonly idleCloseMs: number | null = null;
  private fd: number | null = null;
  private poller: NodeJS.Timeout | null = null;
  private isReading = false;
  private readonly data = new Listeners<[Buffer]>();
  private readonly closed = new Listeners<[string]>();

  constructor(private readonly path: string) {
    this.label = `usb-lp://${path}`;
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  async open(timeoutMs: number): Promise<void> {
    if (this.fd !== null) return;
    const flags = fs.constants.O_RDWR | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;
    const fd = await withTimeout(
      fs.promises.open(this.path, flags).then((h) => {
        // Keep the raw descriptor; the FileHandle wrapper would close it when garbage-collected.
        const raw = h.fd;
        return { raw, handle: h };
      }),
      timeoutMs,
      () => new AppError('PRINTER_TIMEOUT', `Opening ${this.path} took longer than ${timeoutMs} ms`, { retryable: true }),
    ).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      const hint = code === 'EACCES' ? ' (add the kiosk user to the lp group)' : '';
      throw new AppError('PRINTER_UNREACHABLE', `Cannot open ${this.path}: ${code}${hint}`, { retryable: true });
    });
    this.handle = fd.handle;
    this.fd = fd.raw;
    this.poller = setInterval(() => this.poll(), POLL_MS);
  }

  private handle: fs.promises.FileHandle | null = null;

  private poll(): void {
    if (this.fd === null || this.isReading) return;
    this.isReading = true;
    const fd = this.fd;
    const buf = Buffer.alloc(64);
    fs.read(fd, buf, 0, buf.length, null, (error, n) => {
      this.isReading = false;
      if (error) {
        if (error.code === 'EAGAIN' || error.code === 'EWOULDBLOCK') return;
        void this.lost(`read failed: ${error.code ?? error.message}`);
        return;
      }
      if (n > 0) this.data.emit(buf.subarray(0, n));
    });
  }

  async write(data: Uint8Array, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let offset = 0;
    while (offset < data.length) {
      if (this.fd === null) throw new AppError('PRINTER_UNREACHABLE', `${this.path} is closed`, { retryable: true });
      try {
        const { bytesWritten } = await writeOnce(this.fd, data, offset);
        offset += bytesWritten;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
          // The printer's buffer is full (printing, or paper out): wait, but not forever.
          if (Date.now() > deadline) throw new AppError('PRINTER_TIMEOUT', `The printer on ${this.path} stopped accepting data`, { retryable: true });
          await new Promise((r) => setTimeout(r, POLL_MS));
          continue;
        }
        await this.lost(`write failed: ${code ?? String(error)}`);
        throw new AppError('PRINTER_UNREACHABLE', `Writing to ${this.path} failed: ${code ?? String(error)}`, { retryable: true });
      }
    }
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.data.add(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    return this.closed.add(listener);
  }

  private async lost(reason: string): Promise<void> {
    if (this.fd === null) return;
    await this.close();
    this.closed.emit(reason);
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    const handle = this.handle;
    this.fd = null;
    this.handle = null;
    if (handle) await handle.close().catch(() => undefined);
  }
}

function writeOnce(fd: number, data: Uint8Array, offset: number): Promise<{ bytesWritten: number }> {
  return new Promise((resolve, reject) => {
    fs.write(fd, data, offset, data.length - offset, null, (error, bytesWritten) => (error ? reject(error) : resolve({ bytesWritten })));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
