import { Icon } from '../components/icons.tsx';
import type { IconName } from '../components/icons.tsx';
import { useStores, useUi } from '../stores/store-context.tsx';
import type { BottomTab } from '../stores/ui-store.ts';
import { AssertionsPanel } from './assertions-panel.tsx';
import { ChartsPanel } from './charts/charts-panel.tsx';
import { EventLogPanel } from './event-log-panel.tsx';
import { MessagesPanel } from './messages/messages-panel.tsx';
import { PoliciesPanel } from './policies/policies-panel.tsx';
import { UsersPanel } from './users/users-panel.tsx';

const TABS: [BottomTab, string, IconName][] = [
  ['charts', 'Charts', 'chart'],
  ['messages', 'Messages', 'mail'],
  ['events', 'Events', 'list'],
  ['assertions', 'Assertions', 'check'],
  ['policies', 'Policies', 'policy'],
  ['users', 'Users', 'user'],
];

/** Charts, the message browser, the event log, assertions, policies and users, in tabs under the graph. */
export function BottomPanel() {
  const stores = useStores();
  const tab = useUi((s) => s.bottomTab);
  const open = useUi((s) => s.bottomOpen);
  const ui = stores.ui.getState();
  return (
    <section className={`bottom${open ? '' : ' collapsed'}`} aria-label="Details">
      <div className="bottom-head">
        <div className="tabs" role="tablist" aria-label="Details">
          {TABS.map(([id, label, icon]) => (
            <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={open && tab === id} aria-controls="bottom-body" className="tab" onClick={() => (tab === id && open ? ui.toggleBottom(false) : ui.showTab(id))} data-testid={`tab-${id}`}>
              <Icon name={icon} size={14} /> {label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button type="button" className="btn icon ghost small" aria-label={open ? 'Collapse panel' : 'Expand panel'} aria-expanded={open} onClick={() => ui.toggleBottom()}>
          <Icon name="panel" size={14} />
        </button>
      </div>
      <div className="bottom-body" id="bottom-body" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {open && tab === 'charts' ? <ChartsPanel /> : null}
        {open && tab === 'messages' ? <MessagesPanel /> : null}
        {open && tab === 'events' ? <EventLogPanel /> : null}
        {open && tab === 'assertions' ? <AssertionsPanel /> : null}
        {open && tab === 'policies' ? <PoliciesPanel /> : null}
        {open && tab === 'users' ? <UsersPanel /> : null}
      </div>
    </section>
  );
}
