import { type FormEvent, useState } from 'react';
import { describeError } from '../api/errors.ts';
import {
  canEdit,
  type Space,
  type SpaceDomains,
  type SpaceFields,
  spaceLimits,
  spaces,
} from '../api/spaces.ts';
import type { Focus, Mode } from '../api/types.ts';
import { focuses, modes, optionLabel } from './ask-box.tsx';
import '../styles/credibility.css';

/** "a.org, b.org\nc.org" → the hosts, once each (projects-svc checks and normalises them). */
const domainsIn = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];
const sameDomains = (a: string[], b: string[]) => a.join('\n') === b.join('\n');

/** What a viewer sees: the space's instructions and defaults, unchangeable. */
function ReadOnlySettings({ space }: { space: Space }) {
  return (
    <dl className="facts">
      <dt>Instructions</dt>
      <dd className="prewrap">{space.instructions || <span className="muted">None</span>}</dd>
      <dt>Default mode</dt>
      <dd>{optionLabel(modes, space.defaultMode) ?? 'Speed (not set)'}</dd>
      <dt>Default focus</dt>
      <dd>{optionLabel(focuses, space.defaultFocus) ?? 'Web (not set)'}</dd>
      <dt>Who sees it</dt>
      <dd>{space.visibility === 'org' ? 'Everyone in the organization' : 'Its members'}</dd>
      <dt>Pinned sites</dt>
      <dd>{space.pinnedDomains?.join(', ') || <span className="muted">None</span>}</dd>
      <dt>Blocked sites</dt>
      <dd>{space.blockedDomains?.join(', ') || <span className="muted">None</span>}</dd>
    </dl>
  );
}

/**
 * A space's name, description, instructions and defaults (editors and the owner), and who sees it
 * (the owner alone). Viewers read the same, without a form.
 */
export function SpaceSettings({ space, onSaved }: { space: Space; onSaved: (space: Space) => void }) {
  const [fields, setFields] = useState<SpaceFields>({
    name: space.name,
    description: space.description,
    instructions: space.instructions,
    defaultMode: space.defaultMode,
    defaultFocus: space.defaultFocus,
    visibility: space.visibility,
  });
  // Edited as text, one site per line; sent as lists only when they changed.
  const [domains, setDomains] = useState({
    pinned: (space.pinnedDomains ?? []).join('\n'),
    blocked: (space.blockedDomains ?? []).join('\n'),
  });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canEdit(space)) return <ReadOnlySettings space={space} />;

  const set = (patch: Partial<SpaceFields>) => {
    setSaved(false);
    setFields((current) => ({ ...current, ...patch }));
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    // Only what changed: editors may not send visibility at all.
    const patch = Object.fromEntries(
      Object.entries({ ...fields, name: fields.name.trim() }).filter(
        ([key, value]) => space[key as keyof SpaceFields] !== value,
      ),
    ) as Partial<SpaceFields & SpaceDomains>;
    const pinned = domainsIn(domains.pinned);
    const blocked = domainsIn(domains.blocked);
    if (!sameDomains(pinned, space.pinnedDomains ?? [])) patch.pinnedDomains = pinned;
    if (!sameDomains(blocked, space.blockedDomains ?? [])) patch.blockedDomains = blocked;
    try {
      if (Object.keys(patch).length > 0) onSaved((await spaces.update(space.id, patch)).space);
      setSaved(true);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={save} className="space-settings">
      <label className="field">
        <span>Name</span>
        <input
          required
          maxLength={spaceLimits.nameChars}
          value={fields.name}
          onChange={(event) => set({ name: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea
          rows={2}
          maxLength={spaceLimits.descriptionChars}
          value={fields.description}
          onChange={(event) => set({ description: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Custom instructions</span>
        <textarea
          rows={5}
          maxLength={spaceLimits.instructionsChars}
          value={fields.instructions}
          placeholder="e.g. Answer for HR staff. Quote the handbook's section numbers."
          onChange={(event) => set({ instructions: event.target.value })}
          aria-describedby="instructions-hint"
        />
        <small id="instructions-hint" className="muted">
          Every answer in this space follows these, for every member.
        </small>
      </label>
      <div className="field-row">
        <label className="field">
          <span>Default mode</span>
          <select
            value={fields.defaultMode ?? ''}
            onChange={(event) => set({ defaultMode: (event.target.value || null) as Mode | null })}
          >
            <option value="">Not set (Speed)</option>
            {modes.map((mode) => (
              <option key={mode.value} value={mode.value}>
                {mode.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Default focus</span>
          <select
            value={fields.defaultFocus ?? ''}
            onChange={(event) => set({ defaultFocus: (event.target.value || null) as Focus | null })}
          >
            <option value="">Not set (Web)</option>
            {focuses.map((focus) => (
              <option key={focus.value} value={focus.value}>
                {focus.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field-row space-domains">
        <label className="field">
          <span>Pinned sites</span>
          <textarea
            rows={3}
            value={domains.pinned}
            placeholder={'e.g. energy.gov\niea.org'}
            onChange={(event) => {
              setSaved(false);
              setDomains((current) => ({ ...current, pinned: event.target.value }));
            }}
            aria-describedby="pinned-hint"
          />
          <small id="pinned-hint" className="muted">
            One per line, up to {spaceLimits.domainsPerList}. Their pages come first in answers here when they
            are about the question.
          </small>
        </label>
        <label className="field">
          <span>Blocked sites</span>
          <textarea
            rows={3}
            value={domains.blocked}
            placeholder="e.g. content-farm.example"
            onChange={(event) => {
              setSaved(false);
              setDomains((current) => ({ ...current, blocked: event.target.value }));
            }}
            aria-describedby="blocked-hint"
          />
          <small id="blocked-hint" className="muted">
            One per line, up to {spaceLimits.domainsPerList}. Answers here never cite their pages.
          </small>
        </label>
      </div>
      {space.role === 'owner' ? (
        <fieldset className="choices">
          <legend>Who sees it</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="visibility"
              checked={fields.visibility === 'private'}
              onChange={() => set({ visibility: 'private' })}
            />{' '}
            Only its members
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="visibility"
              checked={fields.visibility === 'org'}
              disabled={!space.orgId}
              onChange={() => set({ visibility: 'org' })}
            />{' '}
            Everyone in my organization (as viewers)
          </label>
          {!space.orgId ? (
            <p className="muted field-note">
              You were in no organization when you created this space, so it can only be shared with members.
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        Save changes
      </button>
      {saved ? (
        <span className="muted saved-note" role="status">
          {' '}
          Saved.
        </span>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
