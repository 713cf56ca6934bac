import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { createHash } from 'node:crypto';

/**
 * The production Content-Security-Policy. No request may leave the page (connect-src 'none'), scripts come
 * only from our own files (no 'unsafe-eval', no inline script). CodeMirror injects its styles at run time,
 * hence style-src 'unsafe-inline'. Added at build time only, so the dev server's HMR socket keeps working.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        ),
    },
  };
}

/**
 * Offline support: after one visit the app opens with no network. Emits `sw.js`, a cache-first service worker
 * that precaches every file of this build (the list and a version are written in at build time), and drops the
 * caches of older builds. Hand-written because it is 40 lines; a library (Workbox) would outweigh it.
 */
function offlineServiceWorker(): Plugin {
  return {
    name: 'offline-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = ['./', './index.html', './favicon.svg', ...Object.keys(bundle).map((f) => `./${f}`)];
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: serviceWorkerSource(version, files),
      });
    },
  };
}

function serviceWorkerSource(version: string, files: string[]): string {
  return `// Generated at build time: precache this build, answer from the cache, never reach other origins.
const CACHE = 'jitsi-token-workbench-${version}';
const FILES = ${JSON.stringify(files)};
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('jitsi-token-workbench-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((hit) => {
      if (hit) return hit;
      if (request.mode === 'navigate') return caches.match('./index.html', { ignoreVary: true }).then((page) => page || fetch(request));
      return fetch(request);
    }),
  );
});
`;
}

// Relative base: the built dist/ works from any folder or sub-path, and from a downloaded copy.
export default defineConfig({
  base: './',
  plugins: [svelte(), svelteTesting(), contentSecurityPolicy(), offlineServiceWorker()],
  build: {
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    rolldownOptions: {
      // @lezer/common does not declare itself side-effect free, so @codemirror/commands' history keeps ~6 KB of
      // it that nothing uses; dropping unused lezer code keeps the editor chunk inside the startup budget.
      treeshake: {
        moduleSideEffects: [{ test: /[\\/]node_modules[\\/]@lezer[\\/]common[\\/]/, sideEffects: false }],
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
