import type { ReceiptLocale } from './layout-types.js';

/** Receipt wording per store language. Kept beside the layouts: printers cannot use the UI's i18n bundle. */
export interface ReceiptStrings {
  ticketTitle: string;
  queueNumber: string;
  welcomeMember: (name: string) => string;
  welcomeGuest: string;
  tier: string;
  pointsEarned: string;
  pointsBalance: string;
  streak: (days: number) => string;
  streakBonus: string;
  birthday: string;
  receiptTitle: string;
  receiptNo: string;
  time: string;
  cashier: string;
  subtotal: string;
  discount: string;
  coupon: string;
  couponPercent: (percent: number) => string;
  total: string;
  member: string;
  phone: string;
  pointsRedeemed: string;
  memberQrCaption: string;
  thanks: string;
  reprint: string;
  testTitle: string;
  testLine: string;
}

const zhCN: ReceiptStrings = {
  ticketTitle: '签到小票',
  queueNumber: '排队号',
  welcomeMember: (n) => `欢迎光临，${n}！`,
  welcomeGuest: '欢迎光临！',
  tier: '会员等级',
  pointsEarned: '本次积分',
  pointsBalance: '积分余额',
  streak: (d) => `已连续签到 ${d} 天`,
  streakBonus: '连续签到，今日积分翻倍',
  birthday: '生日快乐！本月享生日礼遇',
  receiptTitle: '购物小票',
  receiptNo: '单号',
  time: '时间',
  cashier: '收银员',
  subtotal: '小计',
  discount: '优惠',
  coupon: '优惠券',
  couponPercent: (p) => `优惠券（减${p}%）`,
  total: '合计',
  member: '会员',
  phone: '手机',
  pointsRedeemed: '积分抵扣',
  memberQrCaption: '会员码（出示即可签到）',
  thanks: '谢谢惠顾，欢迎再次光临',
  reprint: '*** 补打 ***',
  testTitle: '打印机测试页',
  testLine: '中文打印正常：汉字、标点，¥12.34',
};

const zhTW: ReceiptStrings = {
  ticketTitle: '簽到小票',
  queueNumber: '排隊號',
  welcomeMember: (n) => `歡迎光臨，${n}！`,
  welcomeGuest: '歡迎光臨！',
  tier: '會員等級',
  pointsEarned: '本次點數',
  pointsBalance: '點數餘額',
  streak: (d) => `已連續簽到 ${d} 天`,
  streakBonus: '連續簽到，今日點數加倍',
  birthday: '生日快樂！本月享生日禮遇',
  receiptTitle: '購物收據',
  receiptNo: '單號',
  time: '時間',
  cashier: '收銀員',
  subtotal: '小計',
  discount: '優惠',
  coupon: '優惠券',
  couponPercent: (p) => `優惠券（減${p}%）`,
  total: '合計',
  member: '會員',
  phone: '手機',
  pointsRedeemed: '點數折抵',
  memberQrCaption: '會員碼（出示即可簽到）',
  thanks: '謝謝惠顧，歡迎再次光臨',
  reprint: '*** 補印 ***',
  testTitle: '印表機測試頁',
  testLine: '中文列印正常：漢字、標點，¥12.34',
};

const en: ReceiptStrings = {
  ticketTitle: 'CHECK-IN TICKET',
  queueNumber: 'Queue no.',
  welcomeMember: (n) => `Welcome, ${n}!`,
  welcomeGuest: 'Welcome!',
  tier: 'Tier',
  pointsEarned: 'Points earned',
  pointsBalance: 'Points balance',
  streak: (d) => `Checked in ${d} day${d === 1 ? '' : 's'} in a row`,
  streakBonus: 'Streak bonus: double points today',
  birthday: 'Happy birthday! Birthday benefits all month',
  receiptTitle: 'RECEIPT',
  receiptNo: 'No.',
  time: 'Time',
  cashier: 'Cashier',
  subtotal: 'Subtotal',
  discount: 'Discount',
  coupon: 'Coupon',
  couponPercent: (p) => `Coupon (${p}% off)`,
  total: 'TOTAL',
  member: 'Member',
  phone: 'Phone',
  pointsRedeemed: 'Points redeemed',
  memberQrCaption: 'Member code (show it to check in)',
  thanks: 'Thank you, see you again',
  reprint: '*** REPRINT ***',
  testTitle: 'PRINTER TEST PAGE',
  testLine: 'Chinese: 中文打印正常 ¥12.34',
};

const byLocale: Record<ReceiptLocale, ReceiptStrings> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };

export function receiptStrings(locale: ReceiptLocale): ReceiptStrings {
  return byLocale[locale];
}
