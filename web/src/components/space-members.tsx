import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { describeError } from '../api/errors.ts';
import { type Space, type SpaceMember, type SpaceRole, spaces } from '../api/spaces.ts';
import { useUser } from '../api/use-session.ts';

type MemberRole = Exclude<SpaceRole, 'owner'>;

const roleHints: Record<MemberRole, string> = {
  editor: 'Editor: uploads files, changes instructions and connectors',
  viewer: 'Viewer: reads and asks',
};

/**
 * Who belongs to a space. The owner adds people by the email of their account, changes their role
 * or removes them; everyone else sees the list and may leave.
 */
export function SpaceMembers({ space }: { space: Space }) {
  const user = useUser();
  const [, navigate] = useLocation();
  const [members, setMembers] = useState<SpaceMember[] | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('viewer');
  const [error, setError] = useState<string | null>(null);
  const owner = space.role === 'owner';

  const load = useCallback(
    () =>
      spaces.members(space.id).then(
        (reply) => setMembers(reply.members),
        (failure) => setError(describeError(failure)),
      ),
    [space.id],
  );
  useEffect(() => void load(), [load]);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await load();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await spaces.addMember(space.id, email.trim(), role);
      setEmail('');
    });
  };
  const leave = async () => {
    if (!user || !window.confirm(`Leave “${space.name}”? You will no longer see its files or ask in it.`))
      return;
    setError(null);
    try {
      await spaces.removeMember(space.id, user.id);
      navigate('/spaces');
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  const nameOf = (member: SpaceMember) =>
    `${member.email ?? (member.role === 'owner' ? 'The owner' : member.userId)}${member.userId === user?.id ? ' (you)' : ''}`;

  return (
    <div className="members">
      {members === null && !error ? <p className="muted">Loading…</p> : null}
      <ul className="member-list" aria-label="Members">
        {members?.map((member) => (
          <li key={member.userId} className="member-row">
            <span className="member-row__name">{nameOf(member)}</span>
            {owner && member.role !== 'owner' ? (
              <span className="member-row__actions">
                <label className="picker">
                  <span className="visually-hidden">Role of {nameOf(member)}</span>
                  <select
                    value={member.role}
                    onChange={(event) =>
                      act(() =>
                        spaces.setMemberRole(space.id, member.userId, event.target.value as MemberRole),
                      )
                    }
                  >
                    <option value="editor">Editor</option>
                    <option value="viewer">Viewer</option>
                  </select>
                </label>
                <button
                  type="button"
                  className="button button--quiet button--danger"
                  aria-label={`Remove ${nameOf(member)}`}
                  onClick={() =>
                    window.confirm(`Remove ${nameOf(member)} from “${space.name}”?`) &&
                    act(() => spaces.removeMember(space.id, member.userId))
                  }
                >
                  Remove
                </button>
              </span>
            ) : (
              <span className="badge">{member.role}</span>
            )}
          </li>
        ))}
      </ul>
      {owner ? (
        <form className="inline-form" onSubmit={add}>
          <label className="field field--inline">
            <span>Add someone by email</span>
            <input
              type="email"
              required
              placeholder="colleague@example.com"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </label>
          <label className="field field--inline field--narrow">
            <span>Their role</span>
            <select value={role} onChange={(event) => setRole(event.target.value as MemberRole)}>
              <option value="viewer">Viewer</option>
              <option value="editor">Editor</option>
            </select>
          </label>
          <button type="submit" className="button button--primary">
            Add member
          </button>
        </form>
      ) : null}
      {owner ? <p className="muted field-note">{`${roleHints.viewer}. ${roleHints.editor}.`}</p> : null}
      {!owner ? (
        <button type="button" className="button button--quiet button--danger" onClick={leave}>
          Leave this space
        </button>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
