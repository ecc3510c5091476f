/** The counter (cashier console, queue, items, dual screen): zh-CN, kept apart from the main catalogue to keep merges small. */
export const counterZhCN = {
  'counter.checkout.title': '结账确认',
  'counter.checkout.charge': '向顾客收取 {amount}？',
  'counter.checkout.confirm': '确认收款',
  'counter.checkout.start': '结账',
  'counter.confidence.high': '匹配度高',
  'counter.confidence.medium': '匹配度中',
  'counter.confidence.low': '匹配度低，请核对',
  'counter.confidence.score': '人脸相似度 {score}',
  'counter.shortcut.lookup': '查找会员',
  'counter.shortcut.next': '接待下一位',
  'counter.shortcut.checkout': '结账',
  'counter.shortcut.cancel': '取消',
  'counter.shortcut.scan': '随时扫描会员码即可打开会员',
  'counter.next.label': '下一位：',
  'counter.next.held': '挂单：',
  'counter.next.serve': '接待',
  'counter.next.dismiss': '移除',
} satisfies Record<string, string>;

export type CounterMessageKey = keyof typeof counterZhCN;
