import { describe, expect, it } from 'vitest';
import { chooseDisplays, describeLayout, type DisplayInfo } from './display-layout.js';

const main: DisplayInfo = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, isPrimary: true };
const facing: DisplayInfo = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 }, isPrimary: false };
const third: DisplayInfo = { id: 3, bounds: { x: 3200, y: 0, width: 1080, height: 1920 }, isPrimary: false };
const auto = { screens: 'auto' as const, customerDisplayId: null };

describe('display choice', () => {
  it('one display: the self-service kiosk; two: cashier on the main one, customer display on the other', () => {
    expect(chooseDisplays([main], auto)).toMatchObject({ mode: 'single', kiosk: { id: 1 } });
    expect(chooseDisplays([facing, main], auto)).toMatchObject({ mode: 'dual', cashier: { id: 1 }, customer: { id: 2 } });
  });
  it('the config override picks the customer display, even the primary one', () => {
    expect(chooseDisplays([main, facing, third], { screens: 'auto', customerDisplayId: 3 })).toMatchObject({ mode: 'dual', cashier: { id: 1 }, customer: { id: 3 } });
    expect(chooseDisplays([main, facing], { screens: 'auto', customerDisplayId: 1 })).toMatchObject({ mode: 'dual', cashier: { id: 2 }, customer: { id: 1 } });
  });
  it('"single" forces the kiosk; a missing configured display falls back and says so', () => {
    expect(chooseDisplays([main, facing], { screens: 'single', customerDisplayId: null })).toMatchObject({ mode: 'single' });
    const missing = chooseDisplays([main, facing], { screens: 'auto', customerDisplayId: 9 });
    expect(missing).toMatchObject({ mode: 'dual', customer: { id: 2 } });
    expect(missing.reason).toContain('not connected');
    expect(chooseDisplays([main], { screens: 'dual', customerDisplayId: null }).mode).toBe('single');
  });
  it('the doctor line warns when the wanted layout cannot be had, and explains the CLI case', () => {
    expect(describeLayout([main], { screens: 'dual', customerDisplayId: null }).status).toBe('warn');
    expect(describeLayout([main, facing], auto)).toEqual({ status: 'ok', summary: 'Two screens: cashier console on display 1, customer display on 2 (two displays: cashier on 1, customer display on 2).' });
    expect(describeLayout(null, auto).summary).toContain('#/cashier and #/kiosk');
  });
});
