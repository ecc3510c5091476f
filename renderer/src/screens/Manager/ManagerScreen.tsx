import { useState, type ComponentType } from 'react';
import { AuditView } from '../../components/manager/AuditView.js';
import { CatalogueView } from '../../components/manager/CatalogueView.js';
import { ChurnView } from '../../components/manager/ChurnView.js';
import { DashboardView } from '../../components/manager/DashboardView.js';
import { DevicesView } from '../../components/manager/DevicesView.js';
import { ErasureView } from '../../components/manager/ErasureView.js';
import { MaintenanceView } from '../../components/manager/MaintenanceView.js';
import { MembersView } from '../../components/manager/MembersView.js';
import { RulesView } from '../../components/manager/RulesView.js';
import { StaffView } from '../../components/manager/StaffView.js';
import { StaffGate } from '../../components/staff/StaffGate.js';
import { useI18n } from '../../i18n/i18n-context.js';

export const managerTabs = ['dashboard', 'members', 'churn', 'rules', 'items', 'erasure', 'staff', 'devices', 'maintenance', 'audit'] as const;
export type ManagerTab = (typeof managerTabs)[number];

const VIEWS: Record<ManagerTab, ComponentType> = {
  dashboard: DashboardView,
  members: MembersView,
  churn: ChurnView,
  rules: RulesView,
  items: CatalogueView,
  erasure: ErasureView,
  staff: StaffView,
  devices: DevicesView,
  maintenance: MaintenanceView,
  audit: AuditView,
};

export function ManagerScreen({ initialTab = 'dashboard' }: { initialTab?: ManagerTab }) {
  return (
    <StaffGate role="manager">
      <ManagerConsole initialTab={initialTab} />
    </StaffGate>
  );
}

function ManagerConsole({ initialTab }: { initialTab: ManagerTab }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<ManagerTab>(initialTab);
  const View = VIEWS[tab];
  return (
    <div className="manager" data-testid="manager" data-tab={tab}>
      <nav className="tabs" aria-label={t('nav.manager')}>
        {managerTabs.map((name) => (
          <button key={name} type="button" className={name === tab ? 'tab tab-active' : 'tab'} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
            {t(`manager.tab.${name}`)}
          </button>
        ))}
      </nav>
      <View />
    </div>
  );
}
