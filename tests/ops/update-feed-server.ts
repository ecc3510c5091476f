/**
 * A real update feed for the updater tests: a node:http server on 127.0.0.1 serving a channel file
 * (as electron-builder writes it), installers and their `.sig` files; and the one thing the tests
 * swap in electron-updater, its HTTP client (Node's http instead of Electron's net, which needs
 * an Electron runtime). Everything else — the generic provider, latest.yml parsing, staged
 * roll-out, sha512 check, download cache, the AppImage install — is electron-updater's own code.
 */
import { createHash } from 'node:crypto';
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { generateReleaseKeyPair, signInstaller } from '../../electron/main/update-signature.js';

/** builder-util-runtime's HttpExecutor over node:http, downloading like ElectronHttpExecutor.download. */
export class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return http.request(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, {
        destination,
        options,
        onCancel,
        callback: (error) => (error == null ? resolve(destination) : reject(error)),
        responseHandler: null,
      }, 0);
    });
  }
}

export interface FeedRequest {
  path: string;
  stagingId: string | null;
}

export interface Feed {
  /** Base URL to put in kiosk.updateFeedUrl. */
  url: string;
  requests: FeedRequest[];
  files: Map<string, Buffer>;
  /** Answer every request with this status instead (an HQ outage), or null. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startFeed(): Promise<Feed> {
  const files = new Map<string, Buffer>();
  const feed: Feed = {
    url: '',
    requests: [],
    files,
    failWith: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed');
    const staging = req.headers['x-user-staging-id'];
    feed.requests.push({ path: url.pathname, stagingId: typeof staging === 'string' ? staging : null });
    if (feed.failWith !== null) return void res.writeHead(feed.failWith).end();
    const name = decodeURIComponent(url.pathname.replace(/^\/updates\//, ''));
    const body = files.get(name);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
  return feed;
}

export function sha512Of(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/**
 * good; none (no .sig); forged (claims this installer's sha512, signature over other bytes);
 * other-bytes (an honest signature of another build); untrusted-key; other-version.
 */
export type Signing = 'good' | 'none' | 'forged' | 'other-bytes' | 'untrusted-key' | 'other-version';

export interface Release {
  version: string;
  /** Installer file name, e.g. Member-Kiosk-9.9.9-linux-x86_64.AppImage. */
  name: string;
  body: Buffer;
  /** Private key of the release pipeline (PEM). */
  key: string;
  /** What the feed serves instead of `body` (a tampered download), keeping `body`'s sha512 in the channel file. */
  served?: Buffer;
  signing?: Signing;
  stagingPercentage?: number;
  /** Which channel file: latest-linux.yml (default) or latest.yml. */
  channelFile?: string;
}

/** Publishes one release the way the pipeline does: channel file, installer, `<installer>.sig`. */
export function publish(feed: Feed, release: Release): void {
  const sha512 = sha512Of(release.body);
  const lines = [
    `version: ${release.version}`,
    'files:',
    `  - url: ${release.name}`,
    `    sha512: ${sha512}`,
    `    size: ${release.body.length}`,
    `path: ${release.name}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-20T08:00:00.000Z'",
  ];
  if (release.stagingPercentage !== undefined) lines.push(`stagingPercentage: ${release.stagingPercentage}`);
  feed.files.set(release.channelFile ?? 'latest-linux.yml', Buffer.from(`${lines.join('\n')}\n`));
  feed.files.set(release.name, release.served ?? release.body);

  const signing = release.signing ?? 'good';
  feed.files.delete(`${release.name}.sig`);
  if (signing === 'none') return;
  const otherBytes = sha512Of(Buffer.concat([release.body, Buffer.from('x')]));
  const signature = signInstaller({
    file: release.name,
    version: signing === 'other-version' ? '99.0.0' : release.version,
    sha512: signing === 'other-bytes' || signing === 'forged' ? otherBytes : sha512,
    privateKeyPem: signing === 'untrusted-key' ? generateReleaseKeyPair().privateKeyPem : release.key,
  });
  if (signing === 'forged') signature.sha512 = sha512;
  feed.files.set(`${release.name}.sig`, Buffer.from(JSON.stringify(signature)));
}

/** What electron-builder writes into resources/app-update.yml for a generic feed. */
export function appUpdateYml(feedUrl: string): string {
  return `provider: generic\nurl: ${feedUrl}\nchannel: latest\nupdaterCacheDirName: member-kiosk-updater\n`;
}
