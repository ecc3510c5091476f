import type { CounterMessageKey } from './counter-zh-CN.js';

/** The counter: Traditional Chinese. */
export const counterZhTW: Record<CounterMessageKey, string> = {
  'counter.checkout.title': '結帳確認',
  'counter.checkout.charge': '向顧客收取 {amount}？',
  'counter.checkout.confirm': '確認收款',
  'counter.checkout.start': '結帳',
  'counter.confidence.high': '匹配度高',
  'counter.confidence.medium': '匹配度中',
  'counter.confidence.low': '匹配度低，請核對',
  'counter.confidence.score': '人臉相似度 {score}',
  'counter.shortcut.lookup': '查找會員',
  'counter.shortcut.next': '接待下一位',
  'counter.shortcut.checkout': '結帳',
  'counter.shortcut.cancel': '取消',
  'counter.shortcut.scan': '隨時掃描會員碼即可開啟會員',
  'counter.next.label': '下一位：',
  'counter.next.held': '掛單：',
  'counter.next.serve': '接待',
  'counter.next.dismiss': '移除',
};
