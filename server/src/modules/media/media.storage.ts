import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type * as S3Module from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

type S3Sdk = typeof S3Module;
let sdk: Promise<S3Sdk> | null = null;
/** The AWS SDK is loaded when a bucket is first used, not at start-up (it takes seconds to load). */
const loadSdk = () => (sdk ??= import('@aws-sdk/client-s3'));
import type { MediaStorageConfig, S3Config } from '../../config.js';

/** A stored object, ready to stream. */
export interface StoredObject {
  body: Readable;
  size: number | undefined;
}

/** Where media files live. Keys are `public/<hash>-<size>.webp` or `private/<id>-<variant>.<ext>`. */
export interface MediaStore {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none under `key`. */
  get(key: string): Promise<StoredObject | null>;
}

/** Files under a folder (DATA_DIR/media by default). */
export class LocalMediaStore implements MediaStore {
  readonly kind = 'local' as const;
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    const file = path.resolve(this.dir, key);
    if (!file.startsWith(path.resolve(this.dir) + path.sep)) throw new Error(`media key outside the store: ${key}`);
    return file;
  }

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.file(key);
    try {
      const s = await stat(file);
      if (!s.isFile()) return null;
      return { body: createReadStream(file), size: s.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

/** An S3-compatible bucket (AWS, MinIO, Ceph, R2 …), path-style, through the AWS SDK. */
export class S3MediaStore implements MediaStore {
  readonly kind = 's3' as const;
  private client: Promise<{ s3: S3Sdk; client: S3Client }> | null = null;
  constructor(private readonly cfg: S3Config) {}

  private connect() {
    const cfg = this.cfg;
    return (this.client ??= loadSdk().then((s3) => ({
      s3,
      client: new s3.S3Client({
        endpoint: cfg.endpoint,
        region: cfg.region,
        forcePathStyle: true,
        credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
        // Stores other than AWS do not all know the SDK's newer default checksums.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    })));
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const { s3, client } = await this.connect();
    await client.send(
      new s3.PutObjectCommand({ Bucket: this.cfg.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    const { s3, client } = await this.connect();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.cfg.bucket, Key: key }));
      if (!out.Body) return null;
      return { body: out.Body as Readable, size: out.ContentLength };
    } catch (err) {
      if (err instanceof s3.NoSuchKey) return null;
      if (err instanceof s3.S3ServiceException && err.$metadata.httpStatusCode === 404) return null;
      throw err;
    }
  }

  destroy(): void {
    void this.client?.then(({ client }) => client.destroy());
  }
}

export function createMediaStore(cfg: MediaStorageConfig): MediaStore {
  return cfg.s3 ? new S3MediaStore(cfg.s3) : new LocalMediaStore(cfg.dir);
}
