import net from 'node:net';
import { FakePrinterDevice } from './fake-printer-device.js';

/** A network receipt printer on 127.0.0.1: a real TCP server speaking to our real TcpTransport. */
export class FakeTcpPrinter {
  readonly device = new FakePrinterDevice();
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  get connectionCount(): number {
    return this.sockets.size;
  }

  async start(port = 0): Promise<void> {
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        const reply = this.device.accept(chunk);
        if (reply.length > 0) socket.write(reply);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Power off / pull the network cable: connections drop and new ones are refused. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
