import { useMemo } from 'react';
import type { Dashboard } from '../../api/types.js';
import { EChart } from '../../components/EChart.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { barOption } from './dashboard-options.js';

/** Past this share of the threshold the page asks for the filing paperwork to be prepared. */
const NEAR_THRESHOLD = 0.8;

/** People with face data (counts only: no face data reaches HQ), chain-wide and per store, against the filing threshold. */
export function FaceDataPanel({ faceData }: { faceData: Dashboard['faceData'] }) {
  const { t, number, percent } = useConsoleI18n();
  const chain = useChain();
  const share = faceData.threshold > 0 ? faceData.people / faceData.threshold : 0;
  const option = useMemo(
    () =>
      barOption(
        faceData.byStore.map((s) => chain.storeName(s.storeId, s.storeName)),
        [{ name: t('dashboard.people'), values: faceData.byStore.map((s) => s.people) }],
      ),
    [faceData, chain, t],
  );
  return (
    <div className="panel" data-testid="face-data">
      <h2>{t('dashboard.faceData')}</h2>
      <p data-testid="face-data-chain">{t('dashboard.faceDataChain', { people: number(faceData.people), threshold: number(faceData.threshold), share: percent(share) })}</p>
      <meter className="threshold-meter" min={0} max={faceData.threshold} low={faceData.threshold * NEAR_THRESHOLD} high={faceData.threshold * 0.95} value={faceData.people} aria-label={t('dashboard.threshold')} />
      {share >= NEAR_THRESHOLD && <div className="notice notice-warn">{t('dashboard.faceDataNear')}</div>}
      <p className="muted">{t('dashboard.faceDataNote')}</p>
      <EChart title={t('dashboard.faceDataByStore')} option={option} testId="chart-face-data" />
    </div>
  );
}
