import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID provider for the SSO tests: the `oidc-provider` package (certified OpenID
 * Connect implementation), on 127.0.0.1 over plain http, with one confidential client that
 * must use PKCE. Only the login page is ours: it signs in whichever account the test names, the
 * way a user would type their credentials; consent is pre-granted as for a first-party app.
 */

/** oidc-provider ships no type declarations; this is the part of its API used here. */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ uid: string; prompt: { name: string } }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { clientId: string; accountId: string }) => ProviderGrant;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
interface ProviderGrant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface GrantContext {
  oidc: {
    provider: OidcProvider & { Grant: { find(id: string): Promise<ProviderGrant | undefined> } };
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  };
}

export interface ProviderAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
}

export interface TestOidcProviderOptions {
  /** Must be registered before the provider starts, as at a real IdP. */
  redirectUri: string;
  /**
   * Put email claims in the ID token too. By default oidc-provider keeps them for the userinfo
   * endpoint in the code flow (conformIdTokenClaims), as some real providers do.
   */
  emailInIdToken?: boolean;
  /** Register a public client (no secret, token_endpoint_auth_method none). */
  publicClient?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  /** Null for a public client. */
  clientSecret: string | null;
  /** Paths the provider was asked for, in order (e.g. to see whether userinfo was called). */
  requestedPaths: string[];
  /** Adds or replaces an account the login page can sign in. */
  setAccount(account: ProviderAccount): void;
  /**
   * Plays the user's browser at the provider: follows the authorization URL, signs in as `sub`
   * (or cancels), and returns the URL the provider redirects back to, without following it.
   */
  signIn(authorizationUrl: string, sub: string, options?: { cancel?: boolean }): Promise<URL>;
  close(): Promise<void>;
}

const MAX_HOPS = 12;

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('login form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  // Not a literal specifier, so the type checker does not look for declarations the package lacks.
  const providerModule = 'oidc-provider';
  const { default: Provider } = (await import(providerModule)) as {
    default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  };
  const accounts = new Map<string, ProviderAccount>();
  const clientId = 'perplexica-test';
  const clientSecret = options.publicClient ? null : randomBytes(24).toString('base64url');
  const requestedPaths: string[] = [];

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: clientSecret ? 'client_secret_basic' : 'none',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-rs256', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    conformIdTokenClaims: !options.emailInIdToken,
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Grant: 3600,
      Session: 3600,
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
    // Consent pre-granted, as a company IdP does for its own apps (oidc-provider's skip-consent recipe).
    async loadExistingGrant(ctx: GrantContext) {
      const { client, session, result, provider: op } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return op.Grant.find(grantId);
      const grant = new op.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email');
      await grant.save();
      return grant;
    },
  });
  // oidc-provider reports handled protocol errors as events; they are expected in some tests.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));

  const providerHandler = provider.callback();
  const interactionPath = /^\/interaction\/([\w-]+)(?:\/(login|cancel))?$/;
  handle = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    requestedPaths.push(path);
    const match = interactionPath.exec(path);
    if (!match) return providerHandler(req, res);
    const [, uid, action] = match;
    const run = async () => {
      if (!action) {
        // The "login page": says which prompt the provider wants and where to submit it.
        const details = await provider.interactionDetails(req, res);
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            prompt: details.prompt.name,
            login: `/interaction/${uid}/login`,
            cancel: `/interaction/${uid}/cancel`,
          }),
        );
        return;
      }
      if (action === 'cancel') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'The user cancelled' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const sub = (await readBody(req)).get('sub') ?? '';
      if (!accounts.has(sub)) {
        res.statusCode = 401;
        res.end('unknown account');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub } },
        { mergeWithLastSubmission: false },
      );
    };
    run().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  return {
    issuer,
    clientId,
    clientSecret,
    requestedPaths,
    setAccount(account) {
      accounts.set(account.sub, account);
    },
    async signIn(authorizationUrl, sub, signInOptions = {}) {
      const jar = new CookieJar();
      let url = new URL(authorizationUrl);
      let request: { method: string; body?: URLSearchParams } = { method: 'GET' };
      for (let hop = 0; hop < MAX_HOPS; hop++) {
        if (url.origin !== issuer) return url;
        const cookie = jar.headerFor(url);
        const response = await fetch(url, {
          method: request.method,
          redirect: 'manual',
          headers: cookie ? { cookie } : {},
          ...(request.body ? { body: request.body } : {}),
        });
        jar.store(response.headers.getSetCookie());
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          url = new URL(location, url);
          request = { method: 'GET' };
          continue;
        }
        if (response.status === 200 && url.pathname.startsWith('/interaction/')) {
          const page = (await response.json()) as { prompt: string; login: string; cancel: string };
          if (page.prompt !== 'login') throw new Error(`unexpected prompt ${page.prompt}`);
          url = new URL(signInOptions.cancel ? page.cancel : page.login, url);
          request = { method: 'POST', body: new URLSearchParams({ sub }) };
          continue;
        }
        throw new Error(`provider answered ${response.status} at ${url.pathname}: ${await response.text()}`);
      }
      throw new Error(`no redirect back to the client after ${MAX_HOPS} hops`);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** Just enough of a browser's cookie store for one origin: name, value and path. */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val || '/';
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) < Date.now()) expired = true;
      }
      const key = `${path}\n${name}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  headerFor(url: URL): string {
    const pairs: string[] = [];
    for (const [key, cookie] of this.cookies) {
      if (url.pathname.startsWith(cookie.path)) pairs.push(`${key.split('\n')[1]}=${cookie.value}`);
    }
    return pairs.join('; ');
  }
}
