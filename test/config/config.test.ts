import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.ISSUER).toBe('http://localhost:3000');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.SESSION_IDLE_TTL).toBe(1800);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['ISSUER', 'not a url'],
    ['REDIS_URL', 'http://redis:6379'],
    ['REDIS_CLUSTER_NODES', 'a:1,b'],
    ['ACCESS_TOKEN_TTL', '-5'],
    ['TRUST_PROXY', 'maybe'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}:`));
  });

  it('parses cluster nodes and cookie keys', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001', COOKIE_KEYS: 'a, b' });
    expect(config.redisClusterNodes).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '127.0.0.1', port: 7001 },
    ]);
    expect(config.cookieKeys).toEqual(['a', 'b']);
  });

  it('refuses embedded defaults and insecure issuers in production', () => {
    const prod = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/pitboss',
      REDIS_URL: 'redis://redis:6379',
      COOKIE_KEYS: 'kTjz0Zr3pDq7v0bq1o7yJ3m4x8w2c5n6a9s1d4f7g0h',
      ISSUER: 'https://login.casino.example',
      MFA_ENCRYPTION_KEY: 'q3N8sU2vX5yA7bD0eG4hJ6kM9nP1rT3wZ5cF8iL0oQ2=',
      METRICS_TOKEN: 'scrape-token-0123456789',
      SMTP_URL: 'smtp://mail.casino.example:587',
    };
    expect(loadConfig(prod).NODE_ENV).toBe('production');
    expect(() => loadConfig({ ...prod, DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...prod, REDIS_URL: '' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ ...prod, COOKIE_KEYS: '' })).toThrow(/COOKIE_KEYS/);
    expect(() => loadConfig({ ...prod, MFA_ENCRYPTION_KEY: '' })).toThrow(/MFA_ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...prod, MFA_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/MFA_ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...prod, ISSUER: 'http://login.casino.example' })).toThrow(/ISSUER/);
    expect(() => loadConfig({ ...prod, SMTP_URL: '' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...prod, SMTP_URL: 'mail.example' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...prod, DEMO_LOBBY: 'true' })).toThrow(/DEMO_LOBBY/);
  });

  it('refuses an idle timeout longer than the absolute lifetime', () => {
    expect(() => loadConfig({ SESSION_IDLE_TTL: '100', SESSION_ABSOLUTE_TTL: '50' })).toThrow(
      /SESSION_IDLE_TTL/,
    );
  });
});
