import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { describeError } from '../api/errors.ts';
import { session } from '../api/session.ts';

const ssoErrors: Record<string, string> = {
  access_denied: 'Single sign-on was cancelled.',
  email_not_verified: 'Your identity provider has not verified your email address.',
  domain_not_verified: 'Your email domain is not verified for this organization.',
};

/** Sign in, create an account, or go through the organization's identity provider. */
export function LoginPage() {
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const [mode, setMode] = useState<'login' | 'signup' | 'sso'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const ssoError = params.get('sso_error');
  const [error, setError] = useState<string | null>(
    ssoError ? (ssoErrors[ssoError] ?? 'Single sign-on did not complete. Please try again.') : null,
  );
  const returnTo = params.get('returnTo') ?? '/';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (mode === 'sso') {
      const query = new URLSearchParams({ email, returnTo });
      location.assign(`/api/v1/auth/sso/start?${query}`);
      return;
    }
    setBusy(true);
    try {
      if (mode === 'signup') await session.signUp(email, password);
      else await session.logIn(email, password);
      navigate(returnTo.startsWith('/') ? returnTo : '/', { replace: true });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-describedby={error ? 'auth-error' : undefined}>
        <div className="brand brand--big">
          <img src="/favicon.svg" alt="" width={36} height={36} /> Perplexica
        </div>
        <h1>{mode === 'signup' ? 'Create your account' : mode === 'sso' ? 'Single sign-on' : 'Sign in'}</h1>
        <label className="field">
          <span>{mode === 'sso' ? 'Work email' : 'Email'}</span>
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        {mode !== 'sso' ? (
          <label className="field">
            <span>Password</span>
            <input
              type="password"
              autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
              required
              minLength={mode === 'signup' ? 12 : 1}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            {mode === 'signup' ? (
              <small className="muted">At least 12 characters; a few words make a good one.</small>
            ) : null}
          </label>
        ) : null}
        {error ? (
          <p id="auth-error" className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {mode === 'signup' ? 'Create account' : mode === 'sso' ? 'Continue' : 'Sign in'}
        </button>
        <div className="auth-card__switch">
          {mode !== 'login' ? (
            <button type="button" className="link-button" onClick={() => setMode('login')}>
              Sign in with a password
            </button>
          ) : null}
          {mode !== 'signup' ? (
            <button type="button" className="link-button" onClick={() => setMode('signup')}>
              Create an account
            </button>
          ) : null}
          {mode !== 'sso' ? (
            <button type="button" className="link-button" onClick={() => setMode('sso')}>
              Use single sign-on
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}

/** Where the identity provider's round trip ends: the code becomes a session. */
export function SsoLandingPage() {
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const exchanged = useRef(false);
  useEffect(() => {
    // A code is good once: never exchange it twice (React may run effects twice in development).
    if (exchanged.current) return;
    exchanged.current = true;
    session.exchangeSsoCode(params.get('code') ?? '').then(
      (returnTo) => navigate(returnTo?.startsWith('/') ? returnTo : '/', { replace: true }),
      (failure) => setError(describeError(failure)),
    );
  }, [navigate, params]);
  return (
    <div className="auth-page">
      <div className="auth-card">
        {error ? (
          <>
            <p className="notice notice--error" role="alert">
              {error}
            </p>
            <a className="button button--primary" href="/login">
              Back to sign in
            </a>
          </>
        ) : (
          <p>Signing you in…</p>
        )}
      </div>
    </div>
  );
}
