import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { e2eFiguresFile } from './paths.js';

/**
 * Measures greet_ms in the page: "face appears" is the first camera frame whose picture stops being
 * the clip's flat grey lead-in (sampled on every presented video frame), "greeting" is the moment
 * the greeting element enters the DOM. Both use the page's performance clock. Installed as an init
 * script so nothing in the app is changed for measuring.
 */
export function installGreetProbe(): void {
  const w = window as unknown as { __greet: { faceAt: number | null; greetAt: number | null }; __kioskStates: string[] };
  w.__greet = { faceAt: null, greetAt: null };
  // Every state the kiosk passes through, so a test can prove a state was never shown.
  w.__kioskStates = [];
  const watchVideo = () => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="camera-video"]');
    if (!video || video.readyState < 2 || !('requestVideoFrameCallback' in video)) {
      setTimeout(watchVideo, 10);
      return;
    }
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 24;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const onFrame = () => {
      if (!ctx) return;
      ctx.drawImage(video, 0, 0, 32, 24);
      const data = ctx.getImageData(0, 0, 32, 24).data;
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        sum += y;
        sumSq += y * y;
      }
      const n = data.length / 4;
      const variance = sumSq / n - (sum / n) ** 2;
      // The grey lead-in varies by a few levels of JPEG noise; any photo varies by hundreds.
      if (variance > 60) w.__greet.faceAt = performance.now();
      else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const watchGreeting = new MutationObserver(() => {
    if (w.__greet.greetAt === null && document.querySelector('[data-testid="kiosk-greeting"]')) w.__greet.greetAt = performance.now();
    const state = document.querySelector('[data-testid="kiosk"]')?.getAttribute('data-state');
    if (state && w.__kioskStates[w.__kioskStates.length - 1] !== state) w.__kioskStates.push(state);
  });
  document.addEventListener('DOMContentLoaded', () => {
    watchGreeting.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    watchVideo();
  });
}

export async function readGreetMs(page: Page): Promise<number> {
  const probe = await page.evaluate(() => (window as unknown as { __greet: { faceAt: number | null; greetAt: number | null } }).__greet);
  if (probe.faceAt === null || probe.greetAt === null) throw new Error(`greet probe incomplete: ${JSON.stringify(probe)}`);
  if (probe.greetAt < probe.faceAt) throw new Error(`greeting before the face appeared: ${JSON.stringify(probe)}`);
  return Math.round(probe.greetAt - probe.faceAt);
}

const samples: Array<{ test: string; greetMs: number }> = [];
const otherFigures: Record<string, number> = {};

/** Another figure of this run for the e2e figures file (e.g. join_flow_ms). */
export function recordFigure(name: string, value: number): void {
  otherFigures[name] = value;
  writeResults();
}

/** Keeps this run's samples in the e2e figures file (paths.ts); greet_ms is their median. */
export function recordGreetMs(test: string, greetMs: number): void {
  samples.push({ test, greetMs });
  writeResults();
}

function writeResults(): void {
  if (samples.length === 0) {
    fs.mkdirSync(path.dirname(e2eFiguresFile), { recursive: true });
    fs.writeFileSync(e2eFiguresFile, `${JSON.stringify({ measuredAt: new Date().toISOString(), ...otherFigures, loadavg1: os.loadavg()[0], cpus: os.cpus().length }, null, 2)}\n`);
    return;
  }
  const sorted = samples.map((s) => s.greetMs).sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  fs.mkdirSync(path.dirname(e2eFiguresFile), { recursive: true });
  const record = { measuredAt: new Date().toISOString(), greet_ms: median, greet_ms_max: sorted[sorted.length - 1], ...otherFigures, samples, loadavg1: os.loadavg()[0], cpus: os.cpus().length, goal_ms: 500 };
  fs.writeFileSync(e2eFiguresFile, `${JSON.stringify(record, null, 2)}\n`);
}

export async function kioskStatesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __kioskStates: string[] }).__kioskStates);
}
