import { fileURLToPath, URL } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import tailwindcss from '@tailwindcss/vite';
import { precompress } from './precompress';

const apiTarget = 'http://127.0.0.1:3000';
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/** Brotli and gzip siblings of the build's compressible files (see precompress.ts). */
function precompressBuild(): Plugin {
  return {
    name: 'advocate-hub:precompress',
    apply: 'build',
    async closeBundle() {
      const t = await precompress(outDir);
      this.info(
        `precompressed ${t.files} files: ${(t.raw / 1024).toFixed(0)} KB raw, ${(t.br / 1024).toFixed(0)} KB brotli, ${(t.gz / 1024).toFixed(0)} KB gzip`,
      );
    },
  };
}

export default defineConfig({
  plugins: [vue(), tailwindcss(), precompressBuild()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir,
    emptyOutDir: true,
    // No inline scripts or data-URL modules: the server's CSP is `script-src 'self'`.
    assetsInlineLimit: 0,
    rollupOptions: {
      // Many screens share tiny modules (an icon, a helper): merged into a bigger chunk rather than a
      // request each, as every response also carries about 1 KB of headers.
      output: { experimentalMinChunkSize: 2048 },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
