import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import { type Memory, type MemorySettingSource, memory, memoryTextLimit } from '../api/memory.ts';
import { useUser } from '../api/use-session.ts';
import { timeAgo } from '../lib/format.ts';
import { MemoryItem } from './memory-item.tsx';

const sourceWords: Record<MemorySettingSource, string> = {
  user: 'your choice',
  org: "your organization's default",
  default: "this server's default",
};

function MemorySwitch() {
  const user = useUser();
  const [setting, setSetting] = useState<{ enabled: boolean; source: MemorySettingSource } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    memory.settings().then(setSetting, (failure) => setError(describeError(failure)));
  }, []);
  const choose = async (enabled: boolean | null) => {
    setError(null);
    const before = setting;
    // The box follows the click at once; the server's answer (and who decided) replaces it.
    if (enabled !== null && before) setSetting({ enabled, source: 'user' });
    try {
      setSetting(await memory.setEnabled(enabled));
    } catch (failure) {
      setSetting(before);
      setError(describeError(failure));
    }
  };
  return (
    <div className="memory-switch">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={setting?.enabled ?? false}
          disabled={!setting}
          onChange={(event) => choose(event.target.checked)}
        />{' '}
        Remember things about me across threads
      </label>
      {setting ? (
        <p className="muted field-note" data-testid="memory-source">
          {setting.enabled ? 'On' : 'Off'}: {sourceWords[setting.source]}.{' '}
          {setting.source === 'user' ? (
            <button type="button" className="link-button" onClick={() => choose(null)}>
              {user?.orgId ? "Follow my organization's default" : "Follow the server's default"}
            </button>
          ) : null}
        </p>
      ) : null}
      <p className="muted field-note">
        With memory on, answers use what you tell Perplexica about yourself, and say so. Say “remember that …”
        in a question, or add a memory below. Turning it off keeps your memories but stops using them.
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Settings → Memory: the switch, the person's memories (search, add, edit, delete, forget all). */
export function MemorySettings() {
  const [memories, setMemories] = useState<Memory[] | null>(null);
  const [query, setQuery] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async (q: string) => {
    try {
      setMemories((await memory.list(q.trim() || undefined)).memories);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
      setMemories((current) => current ?? []);
    }
  }, []);
  // Searching waits until typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => void load(query), query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [query, load]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNote(null);
    const submitted = text.trim();
    // Cleared at once, so the next memory can be typed while this one is saved.
    setText('');
    try {
      const { memory: added } = await memory.add(submitted);
      setQuery('');
      await load('');
      if (added.createdAt !== added.updatedAt) setNote('You had that memory already; it is updated.');
    } catch (failure) {
      setText((current) => current || submitted);
      setError(describeError(failure));
    }
  };
  const forgetAll = async () => {
    if (!window.confirm('Forget every memory? Answers will no longer know any of it. This cannot be undone.'))
      return;
    setError(null);
    try {
      await memory.forgetEverything();
      setMemories([]);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <div className="memory-settings">
      <MemorySwitch />
      <form className="inline-form" onSubmit={add}>
        <label className="field field--inline">
          <span>Add a memory</span>
          <input
            required
            maxLength={memoryTextLimit}
            placeholder="e.g. I prefer metric units"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary" disabled={!text.trim()}>
          Add
        </button>
      </form>
      <label className="field">
        <span className="visually-hidden">Search your memories</span>
        <input
          type="search"
          placeholder="Search your memories"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      {note ? (
        <p className="notice notice--info" role="status">
          {note}
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {memories === null ? <p className="muted">Loading…</p> : null}
      {memories?.length === 0 && !error ? (
        <p className="muted">{query ? 'No memory matches.' : 'No memories yet.'}</p>
      ) : null}
      <ul className="memory-list" aria-label="Your memories">
        {memories?.map((item) => (
          <MemoryItem
            key={item.id}
            text={item.text}
            editable
            meta={
              <>
                {item.source === 'extracted' ? (
                  item.threadId ? (
                    <Link href={`/search/${item.threadId}`}>learned from a thread</Link>
                  ) : (
                    'learned from a question'
                  )
                ) : (
                  'added by you'
                )}{' '}
                · {timeAgo(item.updatedAt)}
              </>
            }
            onEdit={async (changed) => {
              const { memory: saved } = await memory.edit(item.id, changed);
              setMemories((current) => current?.map((m) => (m.id === saved.id ? saved : m)) ?? null);
            }}
            onDelete={async () => {
              await memory.remove(item.id);
              setMemories((current) => current?.filter((m) => m.id !== item.id) ?? null);
            }}
          />
        ))}
      </ul>
      {memories && memories.length > 0 && !query ? (
        <button type="button" className="button button--quiet button--danger" onClick={forgetAll}>
          Forget everything
        </button>
      ) : null}
    </div>
  );
}
