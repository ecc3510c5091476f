import type { DoctorAdviceCode, DoctorFindingCode } from '../../../../electron/contract/ops.js';
import type { Locale } from '../locales.js';
import { formatMessage, type MessageParams } from '../message-format.js';
import { presetName } from './domain-names.js';

/**
 * The health check's findings and advice, by the codes the doctor sends (electron/contract/ops.ts),
 * in the reader's language. Typed by the contract's code lists, so a code without wording does not
 * compile. Rows are [zh-CN, zh-TW, en]; parameters are numbers, times, a folder or an address.
 */
type Row = readonly [string, string, string];
const COLUMN: Record<Locale, 0 | 1 | 2> = { 'zh-CN': 0, 'zh-TW': 1, en: 2 };

const FINDINGS: Readonly<Record<DoctorFindingCode, Row>> = {
  'camera.cli': ['由应用检查：请在终端的“系统检查”页面查看摄像头', '由應用程式檢查：請在終端的「系統檢查」頁面查看攝影機', 'Checked by the app: open the Health screen on the kiosk to see the camera'],
  'camera.unreported': ['自助屏幕尚未报告摄像头状态', '自助螢幕尚未回報攝影機狀態', 'The kiosk screen has not reported a camera yet'],
  'camera.ok': ['摄像头工作正常', '攝影機運作正常', 'Camera working'],
  'camera.none': ['未找到摄像头。会员仍可用手机号或会员码签到', '找不到攝影機。會員仍可用手機號碼或會員碼簽到', 'No camera found. Members can still check in by phone number or QR code'],
  'camera.denied': ['摄像头权限被拒绝', '攝影機權限被拒絕', 'Camera access was refused'],
  'camera.error': ['摄像头出错', '攝影機發生錯誤', 'Camera error'],
  'printer.notConfigured': ['未设置小票打印机（可选）', '未設定收據印表機（選用）', 'No receipt printer configured (optional)'],
  'printer.configuredElsewhere': ['已设置小票打印机，实时状态由应用检查（系统检查页面）', '已設定收據印表機，即時狀態由應用程式檢查（系統檢查頁面）', 'Receipt printer configured; its live status is checked by the app (Health screen)'],
  'printer.connected': ['小票打印机已连接', '收據印表機已連線', 'Receipt printer connected'],
  'printer.unreachable': ['连不上小票打印机', '連不上收據印表機', 'Receipt printer not reachable'],
  'scanner.notConfigured': ['未设置扫码枪（可选）', '未設定掃碼槍（選用）', 'No barcode/QR scanner configured (optional)'],
  'scanner.configuredElsewhere': ['已设置扫码枪，实时状态由应用检查（系统检查页面）', '已設定掃碼槍，即時狀態由應用程式檢查（系統檢查頁面）', 'Scanner configured; its live status is checked by the app (Health screen)'],
  'scanner.connected': ['扫码枪已连接', '掃碼槍已連線', 'Barcode/QR scanner connected'],
  'scanner.unreachable': ['连不上扫码枪', '連不上掃碼槍', 'Barcode/QR scanner not reachable'],
  'models.manifestUnreadable': ['人脸模型清单无法读取', '人臉模型清單無法讀取', 'The face model manifest cannot be read'],
  'models.ok': ['{count} 个模型齐全，校验通过', '{count} 個模型齊全，校驗通過', '{count, plural, one {# model} other {# models}} present, sha256 verified'],
  'models.damaged': ['人脸模型已损坏：缺少 {missing} 个，校验不符 {corrupt} 个', '人臉模型已損壞：缺少 {missing} 個，校驗不符 {corrupt} 個', 'Face models damaged: {missing} missing, {corrupt} with a wrong checksum'],
  'database.cannotOpen': ['无法打开门店数据库', '無法開啟門市資料庫', 'Cannot open the store database'],
  'database.integrityOk': ['数据库完整性检查通过', '資料庫完整性檢查通過', 'Integrity check passed'],
  'database.integrityProblems': ['完整性检查发现 {count} 处问题', '完整性檢查發現 {count} 處問題', 'The integrity check found {count, plural, one {# problem} other {# problems}}'],
  'database.schemaCurrent': ['结构版本 {version}（最新）', '結構版本 {version}（最新）', 'Schema version {version} (current)'],
  'database.schemaUpgrade': ['结构版本 {version}，本应用启动时会升级到 {latest}', '結構版本 {version}，本應用程式啟動時會升級到 {latest}', 'Schema version {version}; this app upgrades it to {latest} at start'],
  'database.schemaTooNew': ['结构版本 {version} 比本应用认识的（{latest}）更新', '結構版本 {version} 比本應用程式認識的（{latest}）更新', 'Schema version {version} is newer than this app knows ({latest})'],
  'dataDir.missing': ['数据目录不存在：{folder}', '資料目錄不存在：{folder}', 'Data folder does not exist: {folder}'],
  'dataDir.writable': ['数据目录可写：{folder}', '資料目錄可寫入：{folder}', 'Data folder writable: {folder}'],
  'dataDir.notWritable': ['数据目录不可写：{folder}', '資料目錄無法寫入：{folder}', 'Data folder not writable: {folder}'],
  'disk.low': ['数据盘只剩 {mb} MB', '資料磁碟只剩 {mb} MB', 'Only {mb} MB free on the data disk'],
  'disk.warn': ['数据盘剩余 {mb} MB', '資料磁碟剩餘 {mb} MB', '{mb} MB free on the data disk'],
  'disk.ok': ['剩余 {mb} MB', '剩餘 {mb} MB', '{mb} MB free'],
  'backup.off': ['定时备份已关闭', '定時備份已關閉', 'Scheduled backups are turned off'],
  'backup.none': ['还没有备份（首次备份在启动几分钟后进行）', '還沒有備份（首次備份在啟動幾分鐘後進行）', 'No backup yet (the first runs a few minutes after start)'],
  'backup.old': ['最新的备份已是 {hours} 小时前', '最新的備份已是 {hours} 小時前', 'The newest backup is {hours} h old'],
  'backup.ok': ['最新备份于 {hours} 小时前', '最新備份於 {hours} 小時前', 'Newest backup {hours} h old'],
  'worker.app': ['由应用检查', '由應用程式檢查', 'Checked by the app'],
  'worker.ready': ['就绪（启动以来重启 {restarts} 次）', '就緒（啟動以來重新啟動 {restarts} 次）', 'Ready ({restarts, plural, one {# restart} other {# restarts}} since start)'],
  'worker.down': ['人脸识别进程已停止', '人臉辨識程序已停止', 'The face worker is down'],
  'worker.notReady': ['人脸识别进程尚未就绪', '人臉辨識程序尚未就緒', 'The face worker is not ready yet'],
  'screens.configured': ['应用把收银台放在主屏，有第二块屏时把顾客屏放在第二块屏', '應用程式把收銀台放在主螢幕，有第二塊螢幕時把顧客螢幕放在第二塊螢幕', 'The app puts the cashier console on the main display and the customer display on a second one when present'],
  'screens.dual': ['双屏：收银台在 {cashier} 号屏，顾客屏在 {customer} 号屏', '雙螢幕：收銀台在 {cashier} 號螢幕，顧客螢幕在 {customer} 號螢幕', 'Two screens: cashier console on display {cashier}, customer display on {customer}'],
  'screens.single': ['单屏：自助终端在 {display} 号屏', '單螢幕：自助終端在 {display} 號螢幕', 'One screen: self-service kiosk on display {display}'],
  'check.failed': ['这项检查本身出错了', '這項檢查本身出錯了', 'The check itself failed'],
  'hq.none': ['未设置总部：本终端独立运行（演示或单店）', '未設定總部：本終端獨立運作（示範或單店）', 'No HQ configured: this kiosk runs standalone (demo or single store)'],
  'hq.unreachable': ['连不上总部：{url}', '連不上總部：{url}', 'HQ unreachable at {url}'],
  'hq.unhealthy': ['总部返回了错误 {status}', '總部回傳了錯誤 {status}', 'HQ answered {status}'],
  'hq.ok': ['总部可连接（{ms} 毫秒）', '總部可連線（{ms} 毫秒）', 'HQ reachable ({ms} ms)'],
  'clock.noHq': ['时钟偏差以总部为准；未设置总部', '時鐘偏差以總部為準；未設定總部', 'Clock skew is measured against HQ; no HQ configured'],
  'clock.hqUnreachable': ['总部连不上，无法比对时间', '總部連不上，無法比對時間', 'Cannot compare with HQ while it is unreachable'],
  'clock.notReported': ['总部没有报告时间', '總部沒有回報時間', 'HQ did not report its time'],
  'clock.ahead': ['本机时钟比总部快 {seconds} 秒', '本機時鐘比總部快 {seconds} 秒', "This PC's clock is {seconds} s ahead of HQ"],
  'clock.behind': ['本机时钟比总部慢 {seconds} 秒', '本機時鐘比總部慢 {seconds} 秒', "This PC's clock is {seconds} s behind HQ"],
  'clock.ok': ['时钟与总部相差 {seconds} 秒以内', '時鐘與總部相差 {seconds} 秒以內', 'Clock within {seconds} s of HQ'],
  'credentials.noHq': ['未设置总部', '未設定總部', 'No HQ configured'],
  'credentials.unavailable': ['此版本无法检查设备凭证', '此版本無法檢查裝置憑證', 'The credential check is not available in this build'],
  'credentials.ok': ['设备凭证齐全', '裝置憑證齊全', 'Device credentials present'],
  'credentials.missing': ['没有设备凭证（尚未开通）', '沒有裝置憑證（尚未開通）', 'No device credentials (not provisioned)'],
  'outbox.noDb': ['数据库未打开', '資料庫未開啟', 'Database not open'],
  'outbox.parked': ['{parked} 条记录多次失败后已暂存；{pending} 条等待上传', '{parked} 筆記錄多次失敗後已暫存；{pending} 筆等待上傳', '{parked, plural, one {# event} other {# events}} parked after repeated failures; {pending} pending'],
  'outbox.empty': ['没有等待上传到总部的记录', '沒有等待上傳到總部的記錄', 'Nothing waiting for HQ'],
  'outbox.local': ['{pending} 条记录保存在本机（未设置总部）', '{pending} 筆記錄保存在本機（未設定總部）', '{pending, plural, one {# event} other {# events}} kept locally (no HQ configured)'],
  'outbox.stale': ['{pending} 条记录在等待，最早的已等 {minutes} 分钟', '{pending} 筆記錄在等待，最早的已等 {minutes} 分鐘', '{pending, plural, one {# event} other {# events}} waiting; the oldest for {minutes} min'],
  'outbox.moving': ['{pending} 条记录正在上传', '{pending} 筆記錄正在上傳', '{pending, plural, one {# event} other {# events}} on their way'],
  'sync.noHq': ['未设置总部', '未設定總部', 'No HQ configured'],
  'sync.noDb': ['数据库未打开', '資料庫未開啟', 'Database not open'],
  'sync.lastSuccess': ['总部已于 {time} 确认最近一次上传', '總部已於 {time} 確認最近一次上傳', 'HQ acknowledged the last upload at {time}'],
  'sync.noFailure': ['上传没有失败过', '上傳沒有失敗過', 'No upload has failed'],
  'sync.downRetrying': ['自 {since} 起连不上总部（{minutes} 分钟）；正在重试', '自 {since} 起連不上總部（{minutes} 分鐘）；正在重試', 'HQ unreachable since {since} ({minutes} min); retrying now'],
  'sync.downNext': ['自 {since} 起连不上总部（{minutes} 分钟）；下次自动重试在 {next}，网络恢复或有新交易时会更快', '自 {since} 起連不上總部（{minutes} 分鐘）；下次自動重試在 {next}，網路恢復或有新交易時會更快', 'HQ unreachable since {since} ({minutes} min); next automatic attempt at {next}, sooner when the network comes back or a sale is made'],
  'sync.downAppStopped': ['自 {since} 起连不上总部（{minutes} 分钟）；重试已逾期，终端应用似乎没有运行', '自 {since} 起連不上總部（{minutes} 分鐘）；重試已逾期，終端應用程式似乎沒有執行', 'HQ unreachable since {since} ({minutes} min); the next attempt is overdue: the kiosk app does not seem to be running'],
  'rules.noDb': ['数据库未打开', '資料庫未開啟', 'Database not open'],
  'rules.hqVersion': ['总部规则第 {version} 版，自 {since} 起生效', '總部規則第 {version} 版，自 {since} 起生效', 'HQ rules version {version}, in force since {since}'],
  'rules.hqVersionNext': ['总部规则第 {version} 版生效中；第 {next} 版将于 {nextStarts} 生效', '總部規則第 {version} 版生效中；第 {next} 版將於 {nextStarts} 生效', 'HQ rules version {version} in force; version {next} starts {nextStarts}'],
  'rules.preset': ['使用配置的预设规则（{preset}），没有生效的总部版本', '使用設定的預設規則（{preset}），沒有生效的總部版本', 'Configured preset rules ({preset}); no HQ version in force'],
  'rules.localVersion': ['本店自定规则第 {version} 版，自 {since} 起生效（没有生效的总部版本）', '本店自訂規則第 {version} 版，自 {since} 起生效（沒有生效的總部版本）', 'This store\'s own rules version {version}, in force since {since} (no HQ version in force)'],
  'rules.refused': ['已拒绝总部规则第 {version} 版（未通过本店的规则校验），仍使用当前规则', '已拒絕總部規則第 {version} 版（未通過本店的規則檢查），仍使用目前規則', 'Refused HQ rules version {version} (it failed this store\'s rules check); the current rules stay in force'],
  'bank.noHq': ['未设置总部：积分只按本店余额抵扣', '未設定總部：點數只按本店餘額折抵', 'No HQ configured: points are redeemed against this store’s own balance'],
  'bank.off': ['会员积分银行已关闭（bank.enabled = false）：积分只按本店余额抵扣', '會員點數銀行已關閉（bank.enabled = false）：點數只按本店餘額折抵', 'Member bank off (bank.enabled = false): points are redeemed against this store’s own balance'],
  'bank.on': ['会员积分银行已开启：每次抵扣由总部按全连锁余额授权；连不上总部时每位会员最多 {allowance} 积分', '會員點數銀行已開啟：每次折抵由總部按全連鎖餘額授權；連不上總部時每位會員最多 {allowance} 點', 'Member bank on: HQ authorises each redemption against the chain balance; while HQ is unreachable up to {allowance} points per member'],
  'bank.pendingIntents': ['{pending} 笔未完成交易的积分抵扣在等总部退回积分（离线额度 {allowance} 积分）', '{pending} 筆未完成交易的點數折抵在等總部退回點數（離線額度 {allowance} 點）', '{pending, plural, one {# redemption} other {# redemptions}} of purchases that did not complete wait for HQ to give their points back (offline allowance {allowance} points)'],
  'downlink.noDb': ['数据库未打开', '資料庫未開啟', 'Database not open'],
  'downlink.noHq': ['未设置总部', '未設定總部', 'No HQ configured'],
  'downlink.ok': ['总部发来的变更本应用版本都能识别', '總部傳來的變更本應用程式版本都能識別', 'Every change HQ sent was understood by this app version'],
  'downlink.deferred': ['总部发来 {count} 项本应用版本无法识别的变更，请更新应用', '總部傳來 {count} 項本應用程式版本無法識別的變更，請更新應用程式', 'HQ sent {count, plural, one {# change} other {# changes}} this app version does not understand — update the app'],
};

const ADVICE: Readonly<Record<DoctorAdviceCode, Row>> = {
  'camera.openKiosk': ['打开自助屏幕；如果一直这样，请重新插拔摄像头并重启应用', '開啟自助螢幕；如果一直這樣，請重新插拔攝影機並重新啟動應用程式', 'Open the kiosk screen; if this stays, reconnect the camera and restart the app'],
  'camera.plugIn': ['插上 USB 摄像头（可换一个接口），然后重启应用', '插上 USB 攝影機（可換一個插槽），然後重新啟動應用程式', 'Plug the USB camera in (try another port), then restart the app'],
  'camera.allow': ['在操作系统的隐私设置中允许本应用使用摄像头，然后重启应用', '在作業系統的隱私設定中允許本應用程式使用攝影機，然後重新啟動應用程式', 'Allow camera access for Member Kiosk in the operating system privacy settings, then restart the app'],
  'camera.closeOthers': ['关闭其他占用摄像头的程序，重新插拔后重启应用', '關閉其他佔用攝影機的程式，重新插拔後重新啟動應用程式', 'Close other programs that use the camera, reconnect it and restart the app'],
  'printer.check': ['确认打印机已开机、有纸、数据线或网线已插好，然后点“测试打印”。期间小票会排队等待', '確認印表機已開機、有紙、傳輸線或網路線已插好，然後按「測試列印」。期間收據會排隊等待', 'Check the printer is switched on, has paper, and its cable is in; then press "Test print". Receipts queue meanwhile'],
  'scanner.reconnect': ['重新插好扫码枪的线；会员仍可输入手机号', '重新插好掃碼槍的線；會員仍可輸入手機號碼', 'Reconnect the scanner cable; members can still type their phone number'],
  'models.reinstall': ['请重新安装本应用。在此之前刷脸签到关闭，手机号/会员码签到照常', '請重新安裝本應用程式。在此之前刷臉簽到關閉，手機號碼/會員碼簽到照常', 'Reinstall Member Kiosk. Face check-in is off until then; phone/QR check-in works'],
  'database.create': ['先启动一次应用来创建数据库；若已损坏，请恢复最新备份', '先啟動一次應用程式來建立資料庫；若已損壞，請還原最新備份', 'Start the app once to create it; if it is damaged, restore the latest backup'],
  'database.restore': ['停止应用并恢复最新备份，然后把支持包发给技术支持', '停止應用程式並還原最新備份，然後把支援包交給技術支援', 'Stop the app and restore the latest backup; then send a support bundle'],
  'database.restart': ['重启应用以完成升级', '重新啟動應用程式以完成升級', 'Restart the app to apply the upgrade'],
  'database.installNewer': ['请安装写入此数据库的较新版本', '請安裝寫入此資料庫的較新版本', 'Install the newer Member Kiosk version that wrote this database'],
  'dataDir.create': ['先启动一次终端应用（会自动创建），或用 --data-dir 指定正确目录', '先啟動一次終端應用程式（會自動建立），或用 --data-dir 指定正確目錄', 'Start the kiosk once (it creates the folder), or pass the right folder with --data-dir'],
  'dataDir.permission': ['给终端账户这个目录的写权限（或清理磁盘/重新以可写方式挂载）。在此之前交易无法保存', '給終端帳戶這個目錄的寫入權限（或清理磁碟/重新以可寫方式掛載）。在此之前交易無法保存', 'Give the kiosk user write permission on this folder (or free the disk / remount it read-write). Sales cannot be saved until then'],
  'disk.freeNow': ['立即清理磁盘空间，或把备份移到另一块磁盘。低于 200 MB 时交易可能无法保存', '立即清理磁碟空間，或把備份移到另一個磁碟。低於 200 MB 時交易可能無法保存', 'Free disk space now or move backups to another disk. Below 200 MB sales may fail to save'],
  'disk.freeSoon': ['尽快清理一些磁盘空间，至少保留 1 GB', '盡快清理一些磁碟空間，至少保留 1 GB', 'Free some disk space soon; keep at least 1 GB free'],
  'backup.turnOn': ['请开启定时备份，除非本店用其他方式备份', '請開啟定時備份，除非本店用其他方式備份', 'Turn them on unless this store backs up another way'],
  'backup.runNow': ['现在备份一次（系统检查页面的“立即备份”）', '現在備份一次（系統檢查頁面的「立即備份」）', 'Run one now ("Back up now" on the Health screen)'],
  'backup.checkLogs': ['现在备份一次，并查看日志中的备份失败原因（磁盘满？备份目录不存在？）', '現在備份一次，並查看日誌中的備份失敗原因（磁碟滿了？備份目錄不存在？）', 'Run a backup now and check the logs for backup failures (disk full? backup folder missing?)'],
  'worker.support': ['重启过于频繁：请发送支持包', '重新啟動過於頻繁：請傳送支援包', 'Frequent restarts: send a support bundle'],
  'worker.restart': ['重启应用；如果仍然停止，请重新安装并发送支持包', '重新啟動應用程式；如果仍然停止，請重新安裝並傳送支援包', 'Restart the app; if it stays down, reinstall and send a support bundle'],
  'worker.wait': ['请等一分钟后再检查一次', '請等一分鐘後再檢查一次', 'Wait a minute and run the check again'],
  'screens.connect': ['请接上顾客屏，或在配置中设置显示屏', '請接上顧客螢幕，或在設定中指定顯示器', 'Connect the customer display, or set the screens in config.json'],
  'check.support': ['请把支持包发给技术支持', '請把支援包交給技術支援', 'Send a support bundle to your IT contact'],
  'hq.network': ['检查网线/Wi-Fi 以及总部地址是否正确；记录会在待上传队列中等待，总部恢复后自动发送', '檢查網路線/Wi-Fi 以及總部位址是否正確；記錄會在待上傳佇列中等待，總部恢復後自動傳送', 'Check the network cable/Wi-Fi and that the HQ address is right; events wait in the outbox and are sent when HQ is back'],
  'hq.tellHq': ['总部在线但有故障：请通知总部运营。记录在队列中等待', '總部在線但有故障：請通知總部營運。記錄在佇列中等待', 'HQ is up but unhealthy: tell HQ operations. Events wait in the outbox'],
  'clock.setAndSync': ['设置时区并开启自动对时。时钟不准会打断连续签到和生日月', '設定時區並開啟自動校時。時鐘不準會打斷連續簽到和生日月', 'Set the time zone and turn on automatic time sync. Wrong clocks break check-in streaks and birthday months'],
  'clock.turnOnSync': ['开启自动对时', '開啟自動校時', 'Turn on automatic time sync'],
  'credentials.checkSync': ['请确认同步页面显示“已开通”', '請確認同步頁面顯示「已開通」', 'Check the Sync screen shows "provisioned"'],
  'credentials.provision': ['请为本终端开通总部连接（首次启动页面或技术支持）', '請為本終端開通總部連線（首次啟動頁面或技術支援）', 'Provision this terminal (first-run screen or store IT)'],
  'outbox.sendBundle': ['请把支持包发给总部运营：暂存的记录不会丢失，但需要他们处理', '請把支援包交給總部營運：暫存的記錄不會遺失，但需要他們處理', 'Send a support bundle to HQ operations: parked events are kept, never dropped, and need their attention'],
  'outbox.checkHq': ['请检查上面的总部连接和凭证；总部响应后记录会自动发送', '請檢查上面的總部連線和憑證；總部回應後記錄會自動傳送', 'Check HQ reachability and credentials above; events are sent automatically once HQ answers'],
  'sync.network': ['检查网线/Wi-Fi 和上面“总部”一行。数据不会丢失：记录在队列中等待，总部响应后自动发送', '檢查網路線/Wi-Fi 和上面「總部」一行。資料不會遺失：記錄在佇列中等待，總部回應後自動傳送', 'Check the network cable/Wi-Fi and the "Head office (HQ)" line above. Nothing is lost: events go by themselves once HQ answers'],
  'rules.fixVersion': ['更新本应用，或请总部运营发布修正后的版本', '更新本應用程式，或請總部營運發布修正後的版本', 'Update this app, or ask HQ operations to publish a corrected version'],
  'bank.waitForHq': ['请检查上面的总部连接：总部响应后，下一次同步会自动退回积分', '請檢查上面的總部連線：總部回應後，下一次同步會自動退回點數', 'Check the HQ line above: once HQ answers, the next sync cycle gives the points back by itself'],
  'downlink.updateApp': ['请更新本应用：更新后的应用启动时会自动应用这些变更。期间总部的其他变更照常送达', '請更新本應用程式：更新後的應用程式啟動時會自動套用這些變更。期間總部的其他變更照常送達', 'Update the app: the updated app applies them by itself when it starts. Everything else from HQ keeps arriving meanwhile'],
  'sync.startApp': ['请启动终端应用：启动时会立即重试。期间记录在队列中等待', '請啟動終端應用程式：啟動時會立即重試。期間記錄在佇列中等待', 'Start the kiosk app: it retries at once when it starts. Events wait in the outbox meanwhile'],
};

export interface DoctorWording {
  summary: string;
  action: string | null;
  /** Parameters that are data (a folder, an address, a time), for DataText. */
  data: string[];
}

/** A check's finding and advice from its codes; null when the check carries no code (an older service). */
export function doctorWording(
  locale: Locale,
  check: { summaryCode?: DoctorFindingCode | undefined; actionCode?: DoctorAdviceCode | null | undefined; params?: MessageParams | undefined },
): DoctorWording | null {
  if (!check.summaryCode) return null;
  const raw = check.params ?? {};
  // A rule-set name arrives as its id ("restaurant"): shown in the reader's language (issue 15).
  const params = typeof raw.preset === 'string' ? { ...raw, preset: presetName(locale, raw.preset) } : raw;
  const col = COLUMN[locale];
  const summary = formatMessage(locale, FINDINGS[check.summaryCode][col], params);
  const action = check.actionCode ? formatMessage(locale, ADVICE[check.actionCode][col], params) : null;
  const data = Object.values(params).filter((v): v is string => typeof v === 'string');
  return { summary, action, data };
}
