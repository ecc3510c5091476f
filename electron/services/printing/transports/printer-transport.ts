/**
 * One byte channel to a printer, whatever carries it (serial, raw TCP 9100, Linux /dev/usb/lp*).
 * The driver above it speaks ESC/POS; a transport only opens, writes, reports incoming bytes and closes.
 * Test fakes sit behind the device at the other end of a real channel (a pty pair, a TCP socket),
 * so these classes are the ones that run in the shop.
 */
export interface PrinterTransport {
  /** e.g. "tcp://192.168.1.50:9100" — shown in settings and logs. */
  readonly label: string;
  readonly isOpen: boolean;
  /**
   * Close the channel after this much idle time, or null to keep it open. Network printers serve one
   * connection at a time: holding 9100 open would lock out the shop's POS software sharing the printer.
   */
  readonly idleCloseMs: number | null;
  /** Rejects with PRINTER_UNREACHABLE (or PRINTER_TIMEOUT) if the device cannot be opened in time. */
  open(timeoutMs: number): Promise<void>;
  /** Resolves once the bytes have left this process (drained to the OS). */
  write(data: Uint8Array, timeoutMs: number): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  /** The channel went away (unplugged, connection reset); the driver reopens on its next use. */
  onClose(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
}

export type TransportSettings =
  | { transport: 'tcp'; host: string; port: number }
  | { transport: 'serial'; path: string; baudRate: number }
  | { transport: 'usb-lp'; path: string };

/** A small listener set shared by the transports. */
export class Listeners<T extends unknown[]> {
  private readonly set = new Set<(...args: T) => void>();
  add(listener: (...args: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(...args: T): void {
    for (const l of [...this.set]) l(...args);
  }
}
