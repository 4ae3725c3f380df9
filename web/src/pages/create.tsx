import { useLocation } from 'wouter';
import type { ArtifactKind } from '../api/create.ts';
import { CreateArtifactList } from '../components/create-artifact-list.tsx';
import { CreateArtifactView } from '../components/create-artifact-view.tsx';
import { CreateDashboardForm } from '../components/create-dashboard-form.tsx';
import { CreateImageForm } from '../components/create-image-form.tsx';
import { CreateTableForm } from '../components/create-table-form.tsx';
import { useQueryParams } from '../lib/use-query-params.ts';
import '../styles/pages.css';
import '../styles/create.css';

type Tab = 'table' | 'dashboard' | 'image' | 'list';
const tabs: Array<[Tab, string]> = [
  ['table', 'Table'],
  ['dashboard', 'Dashboard'],
  ['image', 'Image'],
  ['list', 'Your creations'],
];
const kinds: ArtifactKind[] = ['table', 'dashboard', 'image'];

/**
 * Create (create-svc): tables from data or a description, dashboards of charts over a table,
 * images from a prompt, and everything made so far. The address holds the section (and the list's
 * filter, and the table a dashboard starts from), so a reload or a link lands in the same place.
 * `/create/:id` opens one creation.
 */
export function CreatePage({ artifactId }: { artifactId?: string }) {
  const params = useQueryParams();
  const [, navigate] = useLocation();
  if (artifactId) {
    return (
      <div className="page page--wide create-page">
        <CreateArtifactView key={artifactId} artifactId={artifactId} />
      </div>
    );
  }
  const tab: Tab = tabs.find(([value]) => value === params.get('tab'))?.[0] ?? 'table';
  const kind = kinds.find((value) => value === params.get('kind')) ?? null;
  const tableId = params.get('table');
  const go = (next: Tab, extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ tab: next, ...extra });
    navigate(`/create?${query}`);
  };

  return (
    <div className="page page--wide create-page">
      <h1>Create</h1>
      <p className="muted create-page__intro">
        Turn data into a table you can download, chart it as a dashboard, or draw an image. What you make is
        kept in Your creations, for you alone.
      </p>
      <fieldset className="tabs">
        <legend className="visually-hidden">Make</legend>
        {tabs.map(([value, name]) => (
          <button
            key={value}
            type="button"
            className="tab"
            aria-pressed={tab === value}
            onClick={() => go(value)}
          >
            {name}
          </button>
        ))}
      </fieldset>
      {tab === 'table' ? <CreateTableForm /> : null}
      {tab === 'dashboard' ? <CreateDashboardForm key={tableId ?? ''} initialTableId={tableId} /> : null}
      {tab === 'image' ? <CreateImageForm /> : null}
      {tab === 'list' ? (
        <CreateArtifactList kind={kind} onKindChange={(next) => go('list', next ? { kind: next } : {})} />
      ) : null}
    </div>
  );
}
