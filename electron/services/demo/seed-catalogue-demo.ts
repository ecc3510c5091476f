import type { ServiceContext } from '../../core/service-context.js';
import { countItems } from '../catalogue/catalogue-repository.js';
import { saveItem } from '../catalogue/catalogue-service.js';

const COFFEE = { 'zh-CN': '咖啡', 'zh-TW': '咖啡', en: 'Coffee' };
const TEA = { 'zh-CN': '茶饮', 'zh-TW': '茶飲', en: 'Tea' };
const BAKERY = { 'zh-CN': '烘焙', 'zh-TW': '烘焙', en: 'Bakery' };

/**
 * The demo store's menu. Its ids are the SKUs of the demo purchases (seed-membership-demo.ts), so the
 * members' favourites and habits point at these items and can be tapped into an order.
 */
export const DEMO_MENU = [
  { itemId: 'ICED-AMERICANO', name: { 'zh-CN': '冰美式', 'zh-TW': '冰美式', en: 'Iced Americano' }, priceFen: 2_200, category: COFFEE },
  { itemId: 'LATTE', name: { 'zh-CN': '拿铁', 'zh-TW': '拿鐵', en: 'Latte' }, priceFen: 2_800, category: COFFEE },
  { itemId: 'CAPPUCCINO', name: { 'zh-CN': '卡布奇诺', 'zh-TW': '卡布奇諾', en: 'Cappuccino' }, priceFen: 2_800, category: COFFEE },
  { itemId: 'MATCHA-LATTE', name: { 'zh-CN': '抹茶拿铁', 'zh-TW': '抹茶拿鐵', en: 'Matcha Latte' }, priceFen: 3_200, category: TEA },
  { itemId: 'LEMON-TEA', name: { 'zh-CN': '柠檬茶', 'zh-TW': '檸檬茶', en: 'Lemon Tea' }, priceFen: 1_800, category: TEA },
  { itemId: 'CROISSANT', name: { 'zh-CN': '可颂', 'zh-TW': '可頌', en: 'Croissant' }, priceFen: 1_600, category: BAKERY },
  { itemId: 'CHEESECAKE', name: { 'zh-CN': '芝士蛋糕', 'zh-TW': '起司蛋糕', en: 'Cheesecake' }, priceFen: 3_800, category: BAKERY },
] as const;

/** Seeds the menu once, into an empty catalogue only (a manager's edits are never overwritten). */
export function seedCatalogueDemo(ctx: Pick<ServiceContext, 'db' | 'clock'>): void {
  if (countItems(ctx.db) > 0) return;
  DEMO_MENU.forEach((item, sort) => saveItem(ctx.db, ctx.clock, { ...item, sort, isActive: true }, null));
}
