import { describe, expect, it } from 'vitest';
import { routeApiPath, routeLocalPath, serviceNamed, services } from '../src/index.ts';

describe('service registry', () => {
  it('gives every service a distinct local port and schema', () => {
    const ports = services.map((service) => service.localPort);
    expect(new Set(ports).size).toBe(ports.length);
    const schemas = services.map((service) => service.schema).filter(Boolean);
    expect(new Set(schemas).size).toBe(schemas.length);
  });

  it('routes by longest prefix, with chat-svc as the /api catch-all', () => {
    expect(routeApiPath('/api/v1/library/threads')?.name).toBe('library-svc');
    expect(routeApiPath('/api/v1/tasks')?.name).toBe('chat-svc');
    expect(routeApiPath('/api/v1/chat')?.name).toBe('chat-svc');
    expect(routeApiPath('/api/v1/admin/audit-logs')?.name).toBe('audit-svc');
    expect(routeApiPath('/api/v1/uploadx')?.name).toBe('chat-svc');
    expect(routeApiPath('/elsewhere')).toBeUndefined();
  });

  it('keeps auth-svc on its own host and namespace', () => {
    expect(serviceNamed('auth-svc')).toMatchObject({
      namespace: 'perplexica-auth',
      host: 'auth',
      localPort: 3100,
    });
    expect(() => serviceNamed('nope-svc')).toThrow(/No service named/);
  });

  it('routes auth-svc by path on the local gateway, and never on the api host', () => {
    expect(routeLocalPath('/api/v1/auth/login')?.name).toBe('auth-svc');
    expect(routeLocalPath('/.well-known/jwks.json')?.name).toBe('auth-svc');
    expect(routeLocalPath('/api/v1/authors')?.name).toBe('chat-svc');
    expect(routeLocalPath('/api/v1/library/threads')?.name).toBe('library-svc');
    expect(routeApiPath('/api/v1/auth/login')?.name).toBe('chat-svc');
    expect(routeLocalPath('/')).toBeUndefined();
  });
});
