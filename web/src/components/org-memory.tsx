import { type FormEvent, useEffect, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { memory, memoryTextLimit, type OrgFact } from '../api/memory.ts';
import { useUser } from '../api/use-session.ts';
import { MemoryItem } from './memory-item.tsx';

/**
 * The organization's facts, which every member's answers use (even with personal memory off),
 * and the memory default for members who never chose. Members read; the org's owner (and
 * administrators) change them.
 */
export function OrgMemory() {
  const user = useUser();
  const [facts, setFacts] = useState<OrgFact[] | null>(null);
  const [defaults, setDefaults] = useState<{ defaultEnabled: boolean; source: 'org' | 'default' } | null>(
    null,
  );
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const manager = user?.orgRole === 'owner' || user?.role === 'admin';

  useEffect(() => {
    if (!user?.orgId) return;
    memory.orgFacts().then(
      (reply) => setFacts(reply.memories),
      (failure) => setError(describeError(failure)),
    );
    memory.orgSettings().then(setDefaults, (failure) => setError(describeError(failure)));
  }, [user?.orgId]);
  if (!user?.orgId) return null;

  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await memory.addOrgFact(text.trim());
      setText('');
      setFacts((await memory.orgFacts()).memories);
    });
  };

  return (
    <div className="org-memory">
      <h3>Your organization</h3>
      <p className="muted field-note">
        Facts every member's answers may use, such as the company's name, products or house style.
        {manager ? '' : ' Only the owner of the organization can change them.'}
      </p>
      {defaults ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={defaults.defaultEnabled}
            disabled={!manager}
            onChange={(event) => {
              const enabled = event.target.checked;
              // The box follows the click at once; put back if the server says no.
              setDefaults({ defaultEnabled: enabled, source: 'org' });
              void act(async () => {
                try {
                  setDefaults(await memory.setOrgDefault(enabled));
                } catch (failure) {
                  setDefaults(defaults);
                  throw failure;
                }
              });
            }}
          />{' '}
          Memory on for members who have not chosen
          {defaults.source === 'default' ? <span className="muted"> (the server's default)</span> : null}
        </label>
      ) : null}
      {facts?.length === 0 ? <p className="muted">No organization facts yet.</p> : null}
      <ul className="memory-list" aria-label="Organization facts">
        {facts?.map((fact) => (
          <MemoryItem
            key={fact.id}
            text={fact.text}
            editable={manager}
            onEdit={async (changed) => {
              const { memory: saved } = await memory.editOrgFact(fact.id, changed);
              setFacts((current) => current?.map((f) => (f.id === saved.id ? saved : f)) ?? null);
            }}
            onDelete={async () => {
              await memory.removeOrgFact(fact.id);
              setFacts((current) => current?.filter((f) => f.id !== fact.id) ?? null);
            }}
          />
        ))}
      </ul>
      {manager ? (
        <form className="inline-form" onSubmit={add}>
          <label className="field field--inline">
            <span>Add an organization fact</span>
            <input
              required
              maxLength={memoryTextLimit}
              placeholder="e.g. Our fiscal year starts in April"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={!text.trim()}>
            Add fact
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
