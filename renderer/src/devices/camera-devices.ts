/**
 * Camera selection and unplug/replug handling over navigator.mediaDevices, as plain TypeScript
 * (no React) so screens share one behaviour and tests can drive it with a fake device list.
 * States a screen shows: live, starting, unplugged (waiting for the same camera to come back),
 * no-camera, permission-denied, busy (another program holds it), error.
 */
export interface MediaDeviceInfoLike {
  deviceId: string;
  groupId?: string;
  kind: string;
  label: string;
}
export interface MediaStreamTrackLike {
  readonly readyState: string;
  stop(): void;
  addEventListener(type: 'ended', listener: () => void): void;
  getSettings?(): { deviceId?: string };
}
export interface MediaStreamLike {
  getVideoTracks(): MediaStreamTrackLike[];
  getTracks(): MediaStreamTrackLike[];
}
export interface MediaDevicesLike {
  enumerateDevices(): Promise<MediaDeviceInfoLike[]>;
  getUserMedia(constraints: { video: Record<string, unknown>; audio: false }): Promise<MediaStreamLike>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

export interface CameraInfo {
  deviceId: string;
  label: string;
}

export type CameraState =
  | { kind: 'idle' }
  | { kind: 'starting'; camera: CameraInfo }
  | { kind: 'live'; camera: CameraInfo }
  | { kind: 'unplugged'; camera: CameraInfo }
  | { kind: 'no-camera' }
  | { kind: 'permission-denied' }
  | { kind: 'busy'; camera: CameraInfo }
  | { kind: 'error'; message: string };

export interface CameraControllerOptions {
  mediaDevices: MediaDevicesLike;
  /** The camera chosen in the settings (by id; the label is the fallback when the id changed after a replug). */
  preferred?: { deviceId?: string | null; label?: string | null } | null;
  /** Extra video constraints, e.g. { width: 640, height: 480 }. */
  constraints?: Record<string, unknown>;
  onState?: (state: CameraState) => void;
  /** The live stream to attach to a <video>, or null when there is none. */
  onStream?: (stream: MediaStreamLike | null) => void;
}

export class CameraController {
  private state: CameraState = { kind: 'idle' };
  private stream: MediaStreamLike | null = null;
  private wanted: { deviceId: string | null; label: string | null };
  private isStopped = true;
  private generation = 0;
  private readonly onDeviceChange = () => void this.reconcile();

  constructor(private readonly options: CameraControllerOptions) {
    this.wanted = { deviceId: options.preferred?.deviceId ?? null, label: options.preferred?.label ?? null };
  }

  get current(): CameraState {
    return this.state;
  }

  async listCameras(): Promise<CameraInfo[]> {
    const all = await this.options.mediaDevices.enumerateDevices();
    return all.filter((d) => d.kind === 'videoinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
  }

  async start(): Promise<CameraState> {
    if (this.isStopped) {
      this.isStopped = false;
      this.options.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    }
    await this.reconcile();
    return this.state;
  }

  /** The cashier picked another camera in the settings. */
  async select(deviceId: string): Promise<CameraState> {
    const camera = (await this.listCameras()).find((c) => c.deviceId === deviceId);
    this.wanted = { deviceId, label: camera?.label ?? null };
    this.release();
    return this.start();
  }

  stop(): void {
    this.isStopped = true;
    this.generation += 1;
    this.options.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    this.release();
    this.setState({ kind: 'idle' });
  }

  private pick(cameras: CameraInfo[]): CameraInfo | null {
    if (this.wanted.deviceId) {
      const byId = cameras.find((c) => c.deviceId === this.wanted.deviceId);
      if (byId) return byId;
    }
    if (this.wanted.label) {
      const byLabel = cameras.find((c) => c.label === this.wanted.label);
      if (byLabel) return byLabel;
    }
    // With a chosen camera that is gone we wait for it rather than silently switching cameras.
    if (this.wanted.deviceId || this.wanted.label) return null;
    return cameras[0] ?? null;
  }

  /** Brings the state in line with the devices present: called on start and on every devicechange. */
  private async reconcile(): Promise<void> {
    if (this.isStopped) return;
    const gen = ++this.generation;
    let cameras: CameraInfo[];
    try {
      cameras = await this.listCameras();
    } catch (error) {
      this.setState({ kind: 'error', message: errorMessage(error) });
      return;
    }
    if (gen !== this.generation) return;
    const target = this.pick(cameras);
    const live = this.state.kind === 'live' || this.state.kind === 'starting' ? this.state.camera : null;
    const isStreamAlive = this.stream !== null && this.stream.getVideoTracks().every((t) => t.readyState === 'live');
    if (live && target && live.deviceId === target.deviceId && isStreamAlive) return; // still there
    if (live && !cameras.some((c) => c.deviceId === live.deviceId)) {
      this.release();
      this.setState({ kind: 'unplugged', camera: live });
    }
    if (!target) {
      if (this.state.kind !== 'unplugged') {
        const remembered = this.wanted.deviceId || this.wanted.label;
        this.setState(remembered ? { kind: 'unplugged', camera: { deviceId: this.wanted.deviceId ?? '', label: this.wanted.label ?? '' } } : { kind: 'no-camera' });
      }
      return;
    }
    await this.open(target, gen);
  }

  private async open(camera: CameraInfo, gen: number): Promise<void> {
    this.release();
    this.setState({ kind: 'starting', camera });
    try {
      const stream = await this.options.mediaDevices.getUserMedia({ video: { ...this.options.constraints, deviceId: { exact: camera.deviceId } }, audio: false });
      if (gen !== this.generation || this.isStopped) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      this.stream = stream;
      this.wanted = { deviceId: camera.deviceId, label: camera.label };
      for (const track of stream.getVideoTracks()) {
        // A pulled USB cable ends the track, sometimes before devicechange fires.
        track.addEventListener('ended', () => {
          if (this.stream === stream) void this.reconcile();
        });
      }
      this.options.onStream?.(stream);
      this.setState({ kind: 'live', camera });
    } catch (error) {
      if (gen !== this.generation) return;
      const name = (error as { name?: string }).name;
      if (name === 'NotAllowedError' || name === 'SecurityError') this.setState({ kind: 'permission-denied' });
      else if (name === 'NotReadableError' || name === 'AbortError') this.setState({ kind: 'busy', camera });
      else if (name === 'NotFoundError' || name === 'OverconstrainedError') this.setState({ kind: 'unplugged', camera });
      else this.setState({ kind: 'error', message: errorMessage(error) });
    }
  }

  private release(): void {
    const stream = this.stream;
    this.stream = null;
    if (stream) {
      for (const t of stream.getTracks()) t.stop();
      this.options.onStream?.(null);
    }
  }

  private setState(next: CameraState): void {
    this.state = next;
    this.options.onState?.(next);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
