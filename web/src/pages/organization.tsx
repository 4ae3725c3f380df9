import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { type Org, type OrgSso, orgs } from '../api/account.ts';
import { ApiFailure, describeError } from '../api/errors.ts';
import { session } from '../api/session.ts';
import { useUser } from '../api/use-session.ts';

function Domains({ org, onChange }: { org: Org; onChange: () => void }) {
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChange();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <>
      <h3>Email domains</h3>
      <p className="muted">People who sign up with a verified domain join {org.name} on their own.</p>
      <ul className="key-list">
        {org.domains.map((entry) => (
          <li key={entry.domain}>
            <strong>{entry.domain}</strong>{' '}
            {entry.verified ? (
              <span className="badge">Verified</span>
            ) : (
              <span className="muted">not verified yet</span>
            )}
            {!entry.verified ? (
              <p className="muted">
                Publish a DNS record <code>{entry.dnsRecord.type}</code> named{' '}
                <code>{entry.dnsRecord.name}</code> with the value{' '}
                <code className="secret">{entry.dnsRecord.value}</code>, then verify.
              </p>
            ) : null}
            {!entry.verified ? (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => act(() => orgs.verifyDomain(org.id, entry.domain))}
              >
                Verify {entry.domain}
              </button>
            ) : null}
            <button
              type="button"
              className="button button--quiet button--danger"
              onClick={() => act(() => orgs.removeDomain(org.id, entry.domain))}
            >
              Remove {entry.domain}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void act(async () => {
            await orgs.claimDomain(org.id, domain.trim());
            setDomain('');
          });
        }}
      >
        <label className="field field--inline">
          <span>Domain</span>
          <input
            required
            placeholder="acme.com"
            value={domain}
            onChange={(event) => setDomain(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary">
          Add domain
        </button>
      </form>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

function SingleSignOn({ orgId }: { orgId: string }) {
  const [current, setCurrent] = useState<OrgSso | null>(null);
  const [issuer, setIssuer] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    orgs.sso(orgId).then(
      (sso) => {
        setCurrent(sso);
        setIssuer(sso.issuer);
        setClientId(sso.clientId);
      },
      (failure) => {
        if (!(failure instanceof ApiFailure && failure.code === 'not_found'))
          setError(describeError(failure));
      },
    );
  }, [orgId]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      // An empty secret keeps the stored one for the same client.
      setCurrent(
        await orgs.saveSso(orgId, {
          issuer: issuer.trim(),
          clientId: clientId.trim(),
          ...(clientSecret ? { clientSecret } : {}),
        }),
      );
      setClientSecret('');
      setSaved(true);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <>
      <h3>Single sign-on (OpenID Connect)</h3>
      {current ? (
        <p className="muted">
          Register <code className="secret">{current.redirectUri}</code> as the redirect URI at your identity
          provider.
        </p>
      ) : (
        <p className="muted">Members sign in through your identity provider instead of with a password.</p>
      )}
      <form onSubmit={save}>
        <label className="field">
          <span>Issuer URL</span>
          <input
            required
            type="url"
            placeholder="https://login.acme.com"
            value={issuer}
            onChange={(event) => setIssuer(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Client ID</span>
          <input required value={clientId} onChange={(event) => setClientId(event.target.value)} />
        </label>
        <label className="field">
          <span>
            Client secret{' '}
            {current?.hasClientSecret ? '(stored; leave empty to keep it)' : '(empty for a public client)'}
          </span>
          <input
            type="password"
            autoComplete="off"
            value={clientSecret}
            onChange={(event) => setClientSecret(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary">
          Save single sign-on
        </button>{' '}
        {current ? (
          <button
            type="button"
            className="button button--quiet button--danger"
            onClick={async () => {
              await orgs.removeSso(orgId).catch((failure) => setError(describeError(failure)));
              setCurrent(null);
            }}
          >
            Turn off single sign-on
          </button>
        ) : null}
      </form>
      {saved ? (
        <p className="notice notice--success">
          Saved. Members can now choose single sign-on when they sign in.
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** The caller's organization: create one, or manage its email domains and single sign-on. */
export function Organization() {
  const user = useUser();
  const [org, setOrg] = useState<Org | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    if (!user?.orgId) return;
    orgs.open(user.orgId).then(setOrg, (failure) => setError(describeError(failure)));
  }, [user?.orgId]);
  useEffect(load, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await orgs.create(name.trim());
      // The new org is in the next token: refresh now rather than in fifteen minutes.
      await session.refresh();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <section className="panel" aria-labelledby="organization">
      <h2 id="organization">Organization</h2>
      {!user?.orgId ? (
        <form className="inline-form" onSubmit={create}>
          <label className="field field--inline">
            <span>Organization name</span>
            <input
              required
              minLength={2}
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary">
            Create organization
          </button>
        </form>
      ) : org ? (
        <>
          <p>
            <strong>{org.name}</strong> · {org.memberCount} member{org.memberCount === 1 ? '' : 's'}
            {user.orgRole === 'owner' ? ' · you own it' : ''}
          </p>
          {user.orgRole === 'owner' || user.role === 'admin' ? (
            <>
              <Domains org={org} onChange={load} />
              <SingleSignOn orgId={org.id} />
            </>
          ) : (
            <p className="muted">Only the owner can change the organization.</p>
          )}
        </>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
