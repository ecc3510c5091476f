import { describe, expect, it } from 'vitest';
import { CameraController, type CameraState, type MediaDeviceInfoLike, type MediaDevicesLike, type MediaStreamLike, type MediaStreamTrackLike } from './camera-devices.js';

/** The browser's camera edge: a device list that can change, and streams whose tracks can end. */
class FakeMediaDevices implements MediaDevicesLike {
  devices: MediaDeviceInfoLike[] = [];
  failNext: { name: string } | null = null;
  readonly liveTracks: FakeTrack[] = [];
  private listeners: Array<() => void> = [];

  async enumerateDevices() {
    return this.devices.map((d) => ({ ...d }));
  }
  async getUserMedia(c: { video: Record<string, unknown> }): Promise<MediaStreamLike> {
    if (this.failNext) {
      const e = Object.assign(new Error(this.failNext.name), { name: this.failNext.name });
      this.failNext = null;
      throw e;
    }
    const id = (c.video.deviceId as { exact: string }).exact;
    if (!this.devices.some((d) => d.deviceId === id)) throw Object.assign(new Error('gone'), { name: 'NotFoundError' });
    const track = new FakeTrack(id);
    this.liveTracks.push(track);
    return { getVideoTracks: () => [track], getTracks: () => [track] };
  }
  addEventListener(_: 'devicechange', l: () => void) {
    this.listeners.push(l);
  }
  removeEventListener(_: 'devicechange', l: () => void) {
    this.listeners = this.listeners.filter((x) => x !== l);
  }
  async plug(d: MediaDeviceInfoLike) {
    this.devices.push(d);
    await this.change();
  }
  async unplug(deviceId: string) {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    for (const t of this.liveTracks.filter((t) => t.deviceId === deviceId)) t.end();
    await this.change();
  }
  private async change() {
    for (const l of this.listeners) l();
    await settle();
  }
}

class FakeTrack implements MediaStreamTrackLike {
  readyState = 'live';
  private onEnded: Array<() => void> = [];
  constructor(readonly deviceId: string) {}
  stop() {
    this.readyState = 'ended';
  }
  end() {
    this.readyState = 'ended';
    for (const l of this.onEnded) l();
  }
  addEventListener(_: 'ended', l: () => void) {
    this.onEnded.push(l);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const usbCam = { deviceId: 'cam-usb', groupId: 'g1', kind: 'videoinput', label: 'USB2.0 HD UVC WebCam' };
const builtIn = { deviceId: 'cam-int', groupId: 'g2', kind: 'videoinput', label: 'Integrated Camera' };
const mic = { deviceId: 'mic', kind: 'audioinput', label: 'Mic' };

describe('camera selection and unplug/replug', () => {
  it('opens the chosen camera, shows unplugged when it is pulled, and is live again when it is back', async () => {
    const md = new FakeMediaDevices();
    md.devices = [builtIn, usbCam, mic];
    const states: CameraState['kind'][] = [];
    const streams: Array<MediaStreamLike | null> = [];
    const cam = new CameraController({ mediaDevices: md, preferred: { deviceId: 'cam-usb' }, onState: (s) => states.push(s.kind), onStream: (s) => streams.push(s) });
    expect(await cam.start()).toEqual({ kind: 'live', camera: { deviceId: 'cam-usb', label: 'USB2.0 HD UVC WebCam' } });
    expect(await cam.listCameras()).toHaveLength(2);

    await md.unplug('cam-usb');
    expect(cam.current).toMatchObject({ kind: 'unplugged', camera: { deviceId: 'cam-usb' } });
    expect(streams.at(-1)).toBeNull(); // the dead stream was released, not left on screen
    // It waits for its camera rather than jumping to the built-in one facing somewhere else.
    expect(md.liveTracks.filter((t) => t.readyState === 'live')).toHaveLength(0);

    await md.plug({ ...usbCam, deviceId: 'cam-usb-new-id' }); // same camera, new id after replug
    expect(cam.current).toMatchObject({ kind: 'live', camera: { deviceId: 'cam-usb-new-id', label: 'USB2.0 HD UVC WebCam' } });
    expect(states).toEqual(['starting', 'live', 'unplugged', 'starting', 'live']);
    cam.stop();
    expect(md.liveTracks.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('uses the first camera when none was chosen and reports no camera / permission / busy clearly', async () => {
    const md = new FakeMediaDevices();
    const cam = new CameraController({ mediaDevices: md });
    expect(await cam.start()).toEqual({ kind: 'no-camera' });
    await md.plug(builtIn);
    expect(cam.current).toMatchObject({ kind: 'live', camera: { deviceId: 'cam-int' } });
    cam.stop();

    md.failNext = { name: 'NotAllowedError' };
    expect((await new CameraController({ mediaDevices: md }).start()).kind).toBe('permission-denied');
    md.failNext = { name: 'NotReadableError' };
    expect((await new CameraController({ mediaDevices: md }).start()).kind).toBe('busy');
  });

  it('switches camera on select', async () => {
    const md = new FakeMediaDevices();
    md.devices = [builtIn, usbCam];
    const cam = new CameraController({ mediaDevices: md });
    await cam.start();
    expect(cam.current).toMatchObject({ kind: 'live', camera: { deviceId: 'cam-int' } });
    await cam.select('cam-usb');
    expect(cam.current).toMatchObject({ kind: 'live', camera: { deviceId: 'cam-usb' } });
    expect(md.liveTracks.filter((t) => t.readyState === 'live').map((t) => t.deviceId)).toEqual(['cam-usb']);
    cam.stop();
  });
});
