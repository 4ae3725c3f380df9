import { describe, expect, it } from 'vitest';
import { routeApiPath, serviceNamed, services } from '../src/index.ts';

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
});
