import { describe, expect, it } from 'vitest';
import { storeNameOf } from './chain-context.js';

describe('store names on console pages', () => {
  const stores = [{ storeId: 'store-east', name: '东门店' }];

  it("prefers the name in HQ's answer, then the chain's store list, then shows the id", () => {
    expect(storeNameOf(stores, 'store-east', '东门店（新）')).toBe('东门店（新）');
    expect(storeNameOf(stores, 'store-east')).toBe('东门店');
    expect(storeNameOf(stores, 'store-east', null)).toBe('东门店');
    expect(storeNameOf(stores, 'store-gone', null)).toBe('store-gone');
  });

  it('no store at all is a dash', () => {
    expect(storeNameOf(stores, null)).toBe('—');
    expect(storeNameOf(stores, undefined, '东门店')).toBe('—');
  });
});
