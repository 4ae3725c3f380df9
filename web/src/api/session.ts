import { ApiFailure, failureFrom } from './errors.ts';

export interface User {
  id: string;
  email: string;
  role: 'user' | 'admin';
  orgId: string | null;
  orgRole?: 'owner' | 'member' | null;
}

interface TokenReply {
  user: User;
  accessToken: string;
  expiresIn: number;
}

type Listener = (user: User | null) => void;

/**
 * The signed-in session. The access token lives in memory only; the refresh token is an httpOnly
 * cookie auth-svc sets for /api/v1/auth, so a reload or a new tab gets a fresh access token with
 * one call and never sees the refresh token. Refreshes are serialised across tabs (Web Locks):
 * refresh tokens rotate, and two tabs presenting the same one at once would look like a stolen
 * token and end the session.
 */
class Session {
  user: User | null = null;
  #accessToken: string | null = null;
  #expiresAt = 0;
  #refreshing: Promise<boolean> | null = null;
  #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(reply: TokenReply | null): void {
    this.user = reply?.user ?? null;
    this.#accessToken = reply?.accessToken ?? null;
    // Refresh a little early, so a request never leaves with a token about to expire.
    this.#expiresAt = reply ? Date.now() + (reply.expiresIn - 30) * 1_000 : 0;
    for (const listener of this.#listeners) listener(this.user);
  }

  async #authCall(path: string, body?: unknown): Promise<TokenReply> {
    const response = await fetch(`/api/v1/auth${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = await response.json().catch(() => null);
    if (!response.ok) throw failureFrom(response.status, parsed, response.headers.get('retry-after'));
    return parsed as TokenReply;
  }

  async signUp(email: string, password: string): Promise<void> {
    this.#set(await this.#authCall('/signup', { email, password }));
  }

  async logIn(email: string, password: string): Promise<void> {
    this.#set(await this.#authCall('/login', { email, password }));
  }

  /** Finishes a single sign-on: the code the identity provider's round trip ended with. */
  async exchangeSsoCode(code: string): Promise<string | null> {
    const reply = (await this.#authCall('/sso/exchange', { code })) as TokenReply & {
      returnTo?: string | null;
    };
    this.#set(reply);
    return reply.returnTo ?? null;
  }

  async logOut(): Promise<void> {
    await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => {});
    this.#set(null);
  }

  /** A new access token from the refresh cookie; false when there is no session to refresh. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#refreshLocked().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refreshLocked(): Promise<boolean> {
    const run = async () => {
      try {
        this.#set(await this.#authCall('/refresh'));
        return true;
      } catch (error) {
        if (error instanceof ApiFailure && error.status < 500) this.#set(null);
        if (error instanceof ApiFailure && error.status >= 500) throw error;
        return false;
      }
    };
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? locks.request('perplexica:refresh', run) : run();
  }

  /** An access token good for the next request, refreshed when it is about to expire. */
  async accessToken(): Promise<string | null> {
    if (this.#accessToken && Date.now() < this.#expiresAt) return this.#accessToken;
    if (!(await this.refresh())) return null;
    return this.#accessToken;
  }
}

export const session = new Session();
