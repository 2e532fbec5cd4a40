import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/config.js';

describe('media storage configuration', () => {
  it('keeps files under DATA_DIR/media when no S3 store is named', () => {
    const c = loadConfig({ DATA_DIR: '/srv/hub' });
    expect(c.media).toEqual({ dir: path.resolve('/srv/hub/media'), s3: null });
  });

  it('reads S3_URL: endpoint, bucket and credentials in one', () => {
    const c = loadConfig({ S3_URL: 'http://AKIA%2Fkey:s3cr%40t@127.0.0.1:4569/hub-media' });
    expect(c.media.s3).toEqual({
      endpoint: 'http://127.0.0.1:4569',
      bucket: 'hub-media',
      accessKeyId: 'AKIA/key',
      secretAccessKey: 's3cr@t',
      region: 'us-east-1',
    });
  });

  it('reads the separate S3_* variables, AWS by region when no endpoint is given', () => {
    const base = { S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_REGION: 'eu-central-1' };
    expect(loadConfig(base).media.s3?.endpoint).toBe('https://s3.eu-central-1.amazonaws.com');
    expect(loadConfig({ ...base, S3_ENDPOINT: 'http://minio:9000/' }).media.s3?.endpoint).toBe('http://minio:9000');
  });

  it('refuses half a configuration, and never prints the secret', () => {
    expect(() => loadConfig({ S3_BUCKET: 'b' })).toThrow(ConfigError);
    expect(() => loadConfig({ S3_URL: 'http://127.0.0.1:4569/bucket' })).toThrow(/S3_URL must carry/);
    try {
      loadConfig({ S3_URL: 'ftp://key:very-secret@host/bucket' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).toContain('S3_URL');
      expect(String(err)).not.toContain('very-secret');
    }
  });
});
