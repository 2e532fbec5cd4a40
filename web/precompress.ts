/**
 * Brotli (quality 11) and gzip (level 9) siblings, `<file>.br` and `<file>.gz`, of every compressible
 * file under a folder: the web build writes them once so the server sends them as they are
 * (@fastify/static `preCompressed`) instead of compressing on every request. A sibling that would not
 * be smaller than its file is not written: the server then sends the file itself.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export const COMPRESSIBLE = /\.(js|mjs|css|svg|html|json|webmanifest|txt|map)$/;

export async function precompress(dir: string): Promise<{ files: number; raw: number; br: number; gz: number }> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  const sizes = await Promise.all(
    files.map(async (file) => {
      const raw = await readFile(file);
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzip(raw, { level: 9 }),
      ]);
      if (br.length < raw.length) await writeFile(`${file}.br`, br);
      if (gz.length < raw.length) await writeFile(`${file}.gz`, gz);
      return { raw: raw.length, br: Math.min(br.length, raw.length), gz: Math.min(gz.length, raw.length) };
    }),
  );
  return {
    files: sizes.length,
    raw: sizes.reduce((n, x) => n + x.raw, 0),
    br: sizes.reduce((n, x) => n + x.br, 0),
    gz: sizes.reduce((n, x) => n + x.gz, 0),
  };
}
