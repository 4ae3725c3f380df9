import { useEffect, useState } from 'react';
import { account } from '../api/account.ts';
import { describeError } from '../api/errors.ts';
import type { User } from '../api/session.ts';
import { useUser } from '../api/use-session.ts';

/** Administration: the users of this installation and their roles. Admins only. */
export function AdminPage() {
  const me = useUser();
  const [users, setUsers] = useState<Array<User & { createdAt: string }> | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(
      () =>
        account.listUsers(filter.trim() || undefined).then(
          ({ users }) => setUsers(users),
          (failure) => setError(describeError(failure)),
        ),
      filter ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [filter]);
  if (me?.role !== 'admin') {
    return (
      <div className="page page--narrow">
        <h1>Administration</h1>
        <p>Only administrators can see this page.</p>
      </div>
    );
  }
  const setRole = async (user: User, role: 'user' | 'admin') => {
    try {
      const changed = await account.setRole(user.id, role);
      setUsers(
        (current) => current?.map((u) => (u.id === changed.id ? { ...u, role: changed.role } : u)) ?? null,
      );
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <div className="page admin">
      <h1>Administration</h1>
      <label className="field field--inline">
        <span className="visually-hidden">Find users by email</span>
        <input
          type="search"
          placeholder="Find users by email"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </label>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            {users?.map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    disabled={user.id === me.id}
                    onChange={(event) => setRole(user, event.target.value as 'user' | 'admin')}
                  >
                    <option value="user">user</option>
                    <option value="admin">admin</option>
                  </select>
                </td>
                <td>{new Date(user.createdAt).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
