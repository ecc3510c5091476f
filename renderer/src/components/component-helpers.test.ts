import { describe, expect, it } from 'vitest';
import { faceQualityIssueSchema } from '../../../electron/contract/face.js';
import { isPhoneQuery } from './cashier/MemberLookup.js';
import { itemsFromRows } from './cashier/PurchaseForm.js';
import { guidanceKey } from './kiosk/GuidanceText.js';
import { groupPhoneDigits } from './kiosk/PhoneKeypad.js';

describe('small helpers behind the screens', () => {
  it('groups phone digits 3-4-4 as they are typed', () => {
    expect(groupPhoneDigits('138')).toBe('138');
    expect(groupPhoneDigits('1380013')).toBe('138 0013');
    expect(groupPhoneDigits('13800138000')).toBe('138 0013 8000');
  });
  it('sends whole numbers and last-four digits to the phone lookup, names to search', () => {
    expect(isPhoneQuery('13800138000')).toBe(true);
    expect(isPhoneQuery('138 0013 8000')).toBe(true);
    expect(isPhoneQuery('8000')).toBe(true);
    expect(isPhoneQuery('王芳')).toBe(false);
    expect(isPhoneQuery('12345')).toBe(false);
  });
  it('turns purchase rows into integer-fen items, refusing incomplete rows', () => {
    const row = (name: string, qty: string, price: string) => ({ key: 1, itemId: null, name, qty, price });
    expect(itemsFromRows([row('冰美式', '2', '22.5')])).toEqual([{ sku: 'item:冰美式', name: '冰美式', qty: 2, unitPriceFen: 2250 }]);
    expect(itemsFromRows([row('冰美式', '0', '22')])).toBeNull();
    expect(itemsFromRows([row('', '1', '22')])).toBeNull();
    expect(itemsFromRows([row('x', '1', '22.555')])).toBeNull();
    // A catalogue line's sku is the item id, whatever its name.
    expect(itemsFromRows([{ key: 2, itemId: 'LATTE', name: '拿铁', qty: '3', price: '28.00' }])).toEqual([{ sku: 'LATTE', name: '拿铁', qty: 3, unitPriceFen: 2800 }]);
  });
  it('has a sentence for every quality-gate code and a fallback for new ones', () => {
    // Every code the contract can send, so a new gate without a sentence fails here.
    for (const code of faceQualityIssueSchema.options) {
      expect(guidanceKey(code)).toBe(`kiosk.guide.${code}`);
    }
    expect(guidanceKey('SOMETHING_NEW')).toBe('kiosk.guide.other');
  });
});
