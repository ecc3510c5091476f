/**
 * An in-memory stand-in for the parts of `electron` the shell uses (no Electron runtime exists on
 * this machine). IPC goes through structuredClone like Electron's, and every invoke carries a
 * sender frame whose URL and parent the test controls, so the transport's checks really run.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  url = 'app://kiosk/index.html';
  destroyed = false;
  reloads = 0;
  /** What the renderer side receives from send(). */
  readonly rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    for (const l of this.rendererListeners.get(channel) ?? []) l({ sender: null }, ...cloned);
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.url;
  }
  reload() {
    this.reloads += 1;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** Fires a cancellable event as Electron does; returns whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export function createFakeElectron() {
  const handlers = new Map<string, Handler>();
  const windows: FakeBrowserWindow[] = [];
  const permission = {
    request: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: Record<string, unknown>) => void),
    check: null as null | ((wc: unknown, permission: string, origin: string) => boolean),
  };
  let applicationMenu: unknown = 'default';

  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };

  class FakeBrowserWindow extends EventEmitter {
    readonly options: Record<string, unknown>;
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    menuBarVisible = true;
    destroyedFlag = false;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      this.webContents.url = url;
      return Promise.resolve();
    }
    setMenuBarVisibility(v: boolean) {
      this.menuBarVisible = v;
    }
    isDestroyed() {
      return this.destroyedFlag;
    }
    show() {}
    focus() {}
    /** Emits 'close' as Electron does; returns whether it was prevented. */
    tryClose(): boolean {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    }
  }

  /** One renderer: its ipcRenderer and contextBridge, wired to a webContents and a frame. */
  function createRenderer(contents: FakeWebContents, frame: FakeFrame = { url: contents.url, parent: null }) {
    const exposed: Record<string, unknown> = {};
    const ipcRenderer = {
      async invoke(channel: string, ...args: unknown[]) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        const result = await handler({ sender: contents, senderFrame: frame }, ...structuredClone(args));
        return structuredClone(result);
      },
      on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
        let set = contents.rendererListeners.get(channel);
        if (!set) contents.rendererListeners.set(channel, (set = new Set()));
        set.add(listener);
        return ipcRenderer;
      },
      removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
        contents.rendererListeners.get(channel)?.delete(listener);
        return ipcRenderer;
      },
      send() {
        throw new Error('the kiosk preload must not use ipcRenderer.send');
      },
    };
    const contextBridge = {
      exposeInMainWorld(key: string, api: unknown) {
        if (key in exposed) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        exposed[key] = api;
      },
    };
    return { ipcRenderer, contextBridge, exposed, frame };
  }

  const session = {
    setPermissionRequestHandler(h: typeof permission.request) {
      permission.request = h;
    },
    setPermissionCheckHandler(h: typeof permission.check) {
      permission.check = h;
    },
    setDevicePermissionHandler() {},
    on() {},
    protocol: { handle() {} },
  };

  /** The app object: lifecycle events, a controllable single-instance lock and 'ready'. */
  const fakeApp = Object.assign(new EventEmitter(), {
    isPackaged: false,
    hasLock: true,
    userData: '/nonexistent',
    quitCalls: 0,
    exitCode: null as number | null,
    readyResolve: null as null | (() => void),
    ready: null as null | Promise<void>,
    getVersion: () => '0.1.0',
    getName: () => 'Member Kiosk',
    getPath(name: string) {
      if (name !== 'userData') throw new Error(`fake app.getPath(${name})`);
      return fakeApp.userData;
    },
    requestSingleInstanceLock() {
      return fakeApp.hasLock;
    },
    whenReady() {
      fakeApp.ready ??= new Promise<void>((resolve) => (fakeApp.readyResolve = resolve));
      return fakeApp.ready;
    },
    setLoginItemSettings() {},
    /** Like Electron: before-quit, then will-quit (cancellable); quits only if nobody prevented it. */
    quit() {
      fakeApp.quitCalls += 1;
      fakeApp.emit('before-quit', { preventDefault() {} });
      let prevented = false;
      fakeApp.emit('will-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) fakeApp.emit('quit');
    },
    exit(code = 0) {
      fakeApp.exitCode = code;
    },
    relaunches: [] as unknown[],
    relaunch(options?: unknown) {
      fakeApp.relaunches.push(options ?? null);
    },
  });

  const module = {
    ipcMain,
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      setApplicationMenu(menu: unknown) {
        applicationMenu = menu;
      },
    },
    session: { defaultSession: session },
    protocol: { registerSchemesAsPrivileged() {}, handle() {} },
    app: fakeApp,
    dialog: {
      errors: [] as Array<{ title: string; message: string }>,
      showErrorBox(title: string, message: string) {
        module.dialog.errors.push({ title, message });
      },
    },
    powerMonitor: { idleSeconds: 0, getSystemIdleTime: () => module.powerMonitor.idleSeconds },
    utilityProcess: { fork() {
      throw new Error('utilityProcess is not available in tests');
    } },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
    /** One 1280×800 display by default (a single-screen kiosk); tests may push a second one. */
    screen: {
      displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }] as Array<{ id: number; bounds: { x: number; y: number; width: number; height: number } }>,
      getAllDisplays: () => module.screen.displays,
      getPrimaryDisplay: () => module.screen.displays[0]!,
    },
  };

  return {
    module,
    handlers,
    windows,
    permission,
    session,
    applicationMenu: () => applicationMenu,
    createRenderer,
    FakeWebContents,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * One fake per test file: `vi.mock('electron', …)` and the test body must see the same instance,
 * also after vi.resetModules() (which would give this module a fresh copy), hence globalThis.
 */
export function sharedFakeElectron(): FakeElectron {
  const g = globalThis as { __kioskFakeElectron?: FakeElectron };
  g.__kioskFakeElectron ??= createFakeElectron();
  return g.__kioskFakeElectron;
}
