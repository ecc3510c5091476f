/**
 * "Not in the current language", defined for the kiosk's three locales. A text node is judged
 * against the language of its element (the closest `lang` attribute: the language switcher names
 * each language in its own script on purpose); text marked `translate="no"` is data (a member's
 * name, an item as the store typed it, a code), never a UI string.
 *   zh-CN / zh-TW  no Latin word outside the allow-list of brands, units and acronyms that Chinese
 *                  shop software writes in Latin letters (PIN, QR, HQ, MB, CSV …) and key names (Esc, Enter)
 *   zh-TW          additionally no Simplified-only character (这, 积, 签 …)
 *   en             no Han character
 */
export interface PageText {
  text: string;
  /** The closest `lang` of the text's element ('' when none). */
  lang: string;
  /** Inside an element marked translate="no" (data, not UI). */
  isData: boolean;
  /** Where it was found (test id path), for the failure message. */
  where: string;
}

/** Written in Latin letters in Chinese UIs too. Compared case-sensitively, whole words. */
export const LATIN_ALLOWED_IN_CHINESE = new Set(['PIN', 'QR', 'HQ', 'ID', 'MB', 'GB', 'KB', 'ms', 'CNY', 'USB', 'HID', 'TCP', 'IP', 'ESC', 'POS', 'Wi', 'Fi', 'App', 'OK', 'Esc', 'Enter', 'CSV']);

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /\p{Script=Latin}{2,}/gu;

/**
 * Common characters that exist only in Simplified Chinese (their Traditional forms differ: 这/這,
 * 积/積, 签/簽 …). Characters written alike in both scripts, or that Traditional text also uses
 * (于, 余, 着, 里, 台, 只 …), are left out on purpose: a false alarm would teach people to ignore the test.
 */
export const SIMPLIFIED_ONLY = new Set(
  '这们会员积签个时为说请账号码发现关机设门线务图数据库录经过还没进选择输删认识脸摄头网络总变换来对开问题应该实际动态东车书长马鸟鱼见贝页风飞龙齐齿无与专业丛两严丧临丽举义乐习乡买乱争亏亚产亲亿仅从仑仪价众优伞伟传伤伦伪侠侣侦侧侨俩债倾偿储儿党兰兴兹养兽册军农冯决况冻净凉减凑凤凭凯击凿刘则刚创刹剂剑剧劝办励劲劳势勋匀区医华协单卖卢卫却厂厅历厉压厌厕厢厦县参双叙叠叹吗启吴呜咏响哑哗唤啸喷团园围圆圣场坏块坚坛坝坞坟坠垄垒垦垫执扩扫扬扰抚抛抢护报担拟拢拣拥拦拧拨挂挚挡挣挤挥损捡掷掸掺揽搀搁搂携摆摇撑敌斋断旧旷昙显晋晒晓晕暂术杀杂权条杨极构枪柜标栈栋栏树样档桥检楼欢欧歼残毕气汇汉汤沟沪泪泽洁浅测济浏浓涂涛涨渐渔湾湿满滚滞滨灭灯灵灾灿炉点炼烂烟热焕爱牵状犹狭献环电画畅疗疯痒瘫盐监盖盘础礼祸离种称稳穷窃竞笔笋筑简类粮紧纠红纤约级纪纬纯纱纲纳纵纷纸纹纺练组细织终绑结绕绘给绝统继绩续维绿缓编缘缩罗罚职联聪肃胜脑脚艺节芦苏荣药获营萝蓝虑虽补装观规视览觉计让讨议训记讲许论访证评诉词译试诗询详语误诸读课谁调谈谢谱负财责货质购贯贴贵费贺资赏赔赖赛赞赠赶趋跃践踪转轮软轻载较辆边达迁运远违连迟递逻遗邮邻郑酱释钟钢钥钱铁铃银销锁错键闭间闻阅队阳阴阵陆险随隐难雾韩项顺须顾顿预领频颜额饭饮馆驱验骗鲜鸡鸭仓韦刍墙尝',
);

export function untranslatedTexts(texts: readonly PageText[], pageLocale: string, simplifiedOnly: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const t of texts) {
    if (t.isData) continue;
    const lang = t.lang || pageLocale;
    const text = t.text.trim();
    if (text === '') continue;
    if (lang === 'en') {
      if (HAN.test(text)) found.push(`${t.where}: Han in English: "${text}"`);
      continue;
    }
    const latin = (text.match(LATIN_WORD) ?? []).filter((w) => !LATIN_ALLOWED_IN_CHINESE.has(w));
    if (latin.length > 0) found.push(`${t.where}: Latin in ${lang}: "${text}" (${latin.join(', ')})`);
    if (lang === 'zh-TW') {
      const simplified = [...text].filter((c) => simplifiedOnly.has(c));
      if (simplified.length > 0) found.push(`${t.where}: Simplified in zh-TW: "${text}" (${[...new Set(simplified)].join('')})`);
    }
  }
  return found;
}
