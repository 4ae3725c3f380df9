import { type FormEvent, useState } from 'react';
import { type CustomTopic, type CustomTopicInput, discover } from '../api/discover.ts';
import { describeError } from '../api/errors.ts';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Add or edit one custom topic: a name, and feeds, keywords and sites one per line. */
function CustomTopicForm({
  topic,
  onSaved,
  onCancel,
}: {
  topic?: CustomTopic;
  onSaved: (topic: CustomTopic) => void;
  onCancel?: () => void;
}) {
  const [label, setLabel] = useState(topic?.label ?? '');
  const [feeds, setFeeds] = useState(topic?.feeds.join('\n') ?? '');
  const [keywords, setKeywords] = useState(topic?.keywords.join('\n') ?? '');
  const [sites, setSites] = useState(topic?.sites.join('\n') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idPrefix = `custom-topic-${topic?.id ?? 'new'}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaving(true);
    const input: CustomTopicInput = {
      label: label.trim(),
      feeds: lines(feeds),
      keywords: lines(keywords),
      sites: lines(sites),
    };
    try {
      const saved = topic
        ? await discover.updateCustomTopic(topic.id, input)
        : await discover.createCustomTopic(input);
      onSaved(saved.topic);
      if (!topic) {
        setLabel('');
        setFeeds('');
        setKeywords('');
        setSites('');
      }
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="custom-topic-form"
      onSubmit={submit}
      aria-label={topic ? `Edit ${topic.label}` : 'Add a topic'}
    >
      <label htmlFor={`${idPrefix}-label`}>Name</label>
      <input
        id={`${idPrefix}-label`}
        value={label}
        maxLength={60}
        required
        onChange={(event) => setLabel(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-feeds`}>RSS or Atom feeds (one URL per line, up to 10)</label>
      <textarea
        id={`${idPrefix}-feeds`}
        rows={2}
        value={feeds}
        onChange={(event) => setFeeds(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-keywords`}>Keywords (one search per line, up to 10)</label>
      <textarea
        id={`${idPrefix}-keywords`}
        rows={2}
        value={keywords}
        onChange={(event) => setKeywords(event.target.value)}
      />
      <label htmlFor={`${idPrefix}-sites`}>Sites (one host per line, searched for the name above)</label>
      <textarea
        id={`${idPrefix}-sites`}
        rows={2}
        value={sites}
        onChange={(event) => setSites(event.target.value)}
      />
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="custom-topic-form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : topic ? 'Save' : 'Add topic'}
        </button>
        {onCancel ? (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The person's own topics on the Discover page: list, add, edit, delete. */
export function DiscoverCustomTopics({
  topics,
  onChange,
}: {
  topics: CustomTopic[];
  onChange: (topics: CustomTopic[]) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const remove = async (topic: CustomTopic) => {
    if (!window.confirm(`Delete the topic “${topic.label}”?`)) return;
    setError(null);
    try {
      await discover.deleteCustomTopic(topic.id);
      onChange(topics.filter((entry) => entry.id !== topic.id));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <details className="custom-topics">
      <summary>Your own topics</summary>
      <p className="muted">Follow your own feeds, searches and sites as Discover topics.</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {topics.length > 0 ? (
        <ul className="custom-topics__list">
          {topics.map((topic) =>
            editing === topic.id ? (
              <li key={topic.id}>
                <CustomTopicForm
                  topic={topic}
                  onSaved={(saved) => {
                    onChange(topics.map((entry) => (entry.id === saved.id ? saved : entry)));
                    setEditing(null);
                  }}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={topic.id} className="custom-topics__item">
                <span>
                  <strong>{topic.label}</strong>{' '}
                  <span className="muted">
                    {topic.feeds.length} feeds · {topic.keywords.length} keywords · {topic.sites.length} sites
                  </span>
                </span>
                <span>
                  <button type="button" className="button button--quiet" onClick={() => setEditing(topic.id)}>
                    Edit<span className="visually-hidden"> {topic.label}</span>
                  </button>
                  <button type="button" className="button button--quiet" onClick={() => remove(topic)}>
                    Delete<span className="visually-hidden"> {topic.label}</span>
                  </button>
                </span>
              </li>
            ),
          )}
        </ul>
      ) : null}
      <CustomTopicForm onSaved={(saved) => onChange([...topics, saved])} />
    </details>
  );
}
