import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { createHash } from 'node:crypto';
import { OPENING } from './src/state/startup.ts';

/**
 * The production Content-Security-Policy. No request may leave the page (connect-src 'none'), scripts come
 * only from our own files (no 'unsafe-eval'; no inline script but the one whose hash contentSecurityPolicy adds).
 * CodeMirror injects its styles at run time, hence style-src 'unsafe-inline'. Added at build time only, so the dev server's HMR socket keeps working.
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

/**
 * Writes the CSP into index.html, once the other plugins are done with it: the one inline script there
 * (preloadFirstScreen) is allowed by its SHA-256, so script-src never needs 'unsafe-inline'.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => {
        const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
          ([, code = '']) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`,
        );
        const policy = CONTENT_SECURITY_POLICY.replace(
          "script-src 'self'",
          ["script-src 'self'", ...hashes].join(' '),
        );
        return html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
        );
      },
    },
  };
}

/**
 * What index.html should preload depends on its URL: opened on a token, the first verdict's chunks (the checker's
 * core), which would otherwise be discovered only once the entry has arrived and run, one round trip later;
 * otherwise the app's chunks (main.ts imports mount-app.ts with import(), so that it can put the checker first).
 * Preloading both would make the app's chunk compete with the verdict, and preloading the core for everyone would
 * cost a first visit without a token 33 KB. So one inline script links one list or the other as modulepreload; the
 * CSP allows it by its hash. It runs at the end of the body, once the static shell is parsed: still long before the
 * entry has run, and the shell's first paint does not wait for those requests (in the bench, first paint about 0.1×
 * the reference's time sooner than from the head, the verdict no later). The entry is an ordinary (deferred) module
 * script: run once the page is parsed rather than `async` whenever it arrives, it leaves the first paint alone. Both
 * lists are in data attributes, where scripts/check-budget.mjs reads the app's.
 */
function preloadFirstScreen(): Plugin {
  return {
    name: 'preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, { bundle }) => {
        if (!bundle) return html;
        const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
        const closure = (source: string) => {
          const start = chunks.find((chunk) => chunk.facadeModuleId?.replaceAll('\\', '/').endsWith(source));
          if (!start) throw new Error(`preload-first-screen: no chunk for ${source}`);
          const files = new Set<string>();
          const visit = (fileName: string) => {
            if (files.has(fileName) || html.includes(`/${fileName}"`)) return;
            files.add(fileName);
            for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? [])
              visit(imported);
          };
          visit(start.fileName);
          return [...files].map((file) => `./${file}`).join(' ');
        };
        const script =
          `{const d=document,s=d.currentScript.dataset;` +
          `for(const f of (${OPENING}.test(location.hash)?s.onToken:s.otherwise).split(' ')){` +
          `const l=d.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=f;d.head.append(l)}}`;
        return {
          html,
          tags: [
            {
              tag: 'script',
              attrs: {
                'data-on-token': closure('/src/components/check/first-verdict-view.ts'),
                'data-otherwise': closure('/src/mount-app.ts'),
              },
              children: script,
              injectTo: 'body' as const,
            },
          ],
        };
      },
    },
  };
}

/**
 * The one stylesheet (about 5 KB gzip, see cssCodeSplit below) goes into index.html as a <style> element: a
 * stylesheet link blocks both the first paint and the module scripts until it has arrived, one more request on
 * the way to the verdict. The CSP allows inline styles already (CodeMirror needs them).
 */
function inlineStylesheet(): Plugin {
  return {
    name: 'inline-stylesheet',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, { bundle }) => {
        if (!bundle) return html;
        const sheets = Object.values(bundle).filter(
          (file) => file.type === 'asset' && file.fileName.endsWith('.css'),
        );
        let out = html;
        for (const sheet of sheets) {
          if (sheet.type !== 'asset') continue;
          const link = new RegExp(`<link rel="stylesheet"[^>]*href="\\./${sheet.fileName}"[^>]*>`);
          if (!link.test(out))
            throw new Error(`inline-stylesheet: index.html does not link ${sheet.fileName}`);
          const css = String(sheet.source).replaceAll('</style', '<\\/style');
          out = out.replace(link, () => `<style>${css}</style>`);
          delete bundle[sheet.fileName];
        }
        return out;
      },
    },
  };
}

/**
 * Offline support: after one visit the app opens with no network. Emits `sw.js`, a cache-first service worker
 * whose file list and version are written in at build time; it drops the caches of older builds. The page
 * registers it only once its first screen (and any verdict) is painted and the page is idle (state/offline.ts),
 * and it then fetches one file at a time at low priority, reusing what the page already has in the HTTP cache.
 * Hand-written rather than Workbox (vite-plugin-pwa): see the README's "Offline" note for why.
 */
function offlineServiceWorker(): Plugin {
  return {
    name: 'offline-service-worker',
    apply: 'build',
    generateBundle: {
      // After Vite's own hooks, which add the stylesheet and index.html to the bundle.
      order: 'post',
      handler(_options, bundle) {
        // The page first, then the files in the order a visit is likely to want them: small ones first.
        const assets = Object.values(bundle)
          .filter((file) => !file.fileName.startsWith('.vite/'))
          .map((file) => ({
            name: file.fileName,
            size: file.type === 'chunk' ? file.code.length : file.source.length,
          }))
          .sort((a, b) => a.size - b.size)
          .map((file) => `./${file.name}`);
        const files = ['./', './favicon.svg', ...assets.filter((file) => file !== './index.html')];
        const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
        this.emitFile({
          type: 'asset',
          fileName: 'sw.js',
          source: serviceWorkerSource(version, files),
        });
      },
    },
  };
}

function serviceWorkerSource(version: string, files: string[]): string {
  return `// Generated at build time: precache this build, answer from the cache, never reach other origins.
const CACHE = 'jitsi-token-workbench-${version}';
const FILES = ${JSON.stringify(files)};
// Responses can carry Vary (e.g. Vary: Origin from a dev server); the files do not vary, so never let it miss.
const MATCH = { ignoreSearch: true, ignoreVary: true };
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One at a time and at low priority, so a page still starting up keeps the network; what the page already
    // loaded comes from the HTTP cache. A failed file fails the install, which the next visit retries.
    for (const file of FILES) {
      if (await cache.match(file, MATCH)) continue;
      const response = await fetch(file, { priority: 'low' });
      if (!response.ok) throw new Error(file + ': HTTP ' + response.status);
      await cache.put(file, response);
    }
    await self.skipWaiting();
  })());
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
    caches.open(CACHE).then((cache) => cache.match(request, MATCH).then((hit) => {
      if (hit) return hit;
      if (request.mode === 'navigate') return cache.match('./', MATCH).then((page) => page || fetch(request));
      return fetch(request);
    })),
  );
});
`;
}

/** True for the project's own TypeScript that is neither a component nor rune state (no Svelte needed to run it). */
const isPlainSource = (id: string) => {
  const path = id.replaceAll('\\', '/');
  return /\/src\/(lib|state)\/.+\.ts$/.test(path) && !path.endsWith('.svelte.ts');
};

/** A chunk-group test: true for a module whose path (with forward slashes) contains one of `parts`. */
const pathHas =
  (...parts: string[]) =>
  (id: string) =>
    parts.some((part) => id.replaceAll('\\', '/').includes(part));

/**
 * The modules of the first screen: everything src/App.svelte imports statically, directly or not, except what the
 * entry (main.ts) itself imports, which stays in the entry. Worked out from the module graph once it is complete
 * (buildEnd runs before chunking), so a new view or helper lands in the right chunk without a list to update.
 */
const firstScreenModules = new Set<string>();

function firstScreenGraph(): Plugin {
  return {
    name: 'first-screen-graph',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const find = (suffix: string) => ids.find((id) => id.replaceAll('\\', '/').endsWith(suffix));
      const closure = (start: string | undefined) => {
        const seen = new Set<string>();
        const stack = start ? [start] : [];
        while (stack.length > 0) {
          const id = stack.pop() as string;
          if (seen.has(id)) continue;
          seen.add(id);
          stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return seen;
      };
      const entry = closure(find('/src/main.ts'));
      firstScreenModules.clear();
      for (const id of closure(find('/src/App.svelte'))) if (!entry.has(id)) firstScreenModules.add(id);
    },
  };
}

/**
 * Chunks made of modules that are always loaded together, so a visit makes few requests (and the service worker
 * caches few files): the entry (main.ts, tiny) with its boot helpers, the first screen's plain code ('base') and
 * its Svelte views ('app'), the checker's core (which alone gives the first verdict of a page opened on a token) and
 * its views, the editor (CodeMirror, loaded once the first screen is idle) and the on-demand tools, each fetched
 * only when opened.
 */
const CHUNK_GROUPS = [
  {
    name: 'boot',
    test: pathHas('/src/state/startup.ts', 'vite/preload-helper'),
    priority: 40,
  },
  // The first screen's plain TypeScript (settings, links, storage, what the checker checks): apart from Svelte
  // and the views, because a page opened on a token gives its first verdict with this and the checker's core only.
  // Plus the JSON position helper shared by the editor and the checker's underlines: small, and it would otherwise
  // be a chunk of its own (or make the editor import the checker); and the paste box's words, which the first
  // verdict draws too.
  {
    name: 'base',
    test: (id: string) =>
      (firstScreenModules.has(id) && isPlainSource(id)) ||
      pathHas('/src/lib/editor/json-positions.ts', '/src/components/check/first-screen-text.ts')(id),
    priority: 35,
  },
  {
    name: 'app',
    test: (id: string) => firstScreenModules.has(id) || pathHas('/src/mount-app.ts')(id),
    priority: 30,
  },
  // The 2020 release line's token library (luajwtjitsi 2.0), loaded by the checker only when that line is chosen.
  {
    name: 'checker-2020',
    test: pathHas('/src/lib/jitsi/server/luajwt2.ts', '/src/lib/jitsi/server/luajwt2-checks.ts'),
    priority: 20,
  },
  // The checker's core (state/checker-kit.ts: prosody's checks, the client's, the paste reader) and the first
  // verdict a page opened on a token draws with it alone (state/first-verdict.ts), before Svelte has arrived.
  {
    name: 'checker-core',
    test: pathHas(
      '/src/state/checker-kit.ts',
      '/src/state/first-verdict.ts',
      '/src/components/check/first-verdict-view.ts',
      '/src/components/check/verdict-text.ts',
      '/src/lib/jitsi/server/',
      '/src/lib/jitsi/client/',
      '/src/lib/jitsi/explain/meeting-paste.ts',
      '/src/lib/jitsi/explain/wrong-box.ts',
      '/src/lib/jitsi/explain/prosody-log-line.ts',
      '/src/lib/editor/finding-diagnostics.ts',
      '/src/lib/jwt/',
    ),
    priority: 11,
  },
  // The results panel, which the app's first render on a token needs (main.ts fetches it once the first verdict
  // is drawn). The views a verdict does not need (the server settings form, the pasted configuration's report, the
  // one-click fixes) are chunks of their own.
  {
    name: 'checker',
    test: pathHas(
      '/src/components/check/CheckerPanel.svelte',
      '/src/components/check/VerdictView.svelte',
      '/src/components/check/ReleaseLineBadge.svelte',
      '/src/components/check/FindingsList.svelte',
      '/src/components/check/ClaimTimes.svelte',
      '/src/components/check/ClientView.svelte',
      '/src/components/common/JsonEditor.svelte',
    ),
    priority: 10,
  },
  // Reading and importing keys as OpenSSL and WebCrypto do (RS* tokens, public and private keys), and jose, which
  // also signs: fetched on the first signature, when a token is checked with a public key, and by the key fields.
  {
    name: 'keys',
    test: pathHas(
      '/node_modules/jose/',
      '/src/lib/jwt/server-key.ts',
      '/src/lib/jwt/openssl-pem.ts',
      '/src/lib/jwt/der.ts',
      '/src/lib/jwt/key-problems.ts',
      '/src/lib/jwt/key-text-advice.ts',
      '/src/lib/jwt/public-key.ts',
      '/src/lib/jwt/private-key.ts',
      '/src/lib/jwt/key-json.ts',
      '/src/lib/jwt/pem-block.ts',
      '/src/lib/jwt/key-pair.ts',
    ),
    priority: 12,
  },
  // The server-configuration reader, the presets' rules and JaaS's (state/config-kit.ts), with the views of a
  // pasted configuration: after the first verdict.
  {
    name: 'server-config',
    test: pathHas(
      '/src/state/config-kit.ts',
      '/src/lib/jitsi/config/',
      '/src/lib/jitsi/jaas/jaas-rules.ts',
      '/src/lib/jitsi/jaas/jaas-verdict.ts',
      '/src/lib/jitsi/jaas/jaas-names.ts',
      '/src/components/check/PastedConfigReading.svelte',
      '/src/components/check/ConfigReport.svelte',
    ),
    priority: 15,
  },
  // The claim helpers open together (one <details>).
  {
    name: 'claim-helpers',
    test: pathHas(
      '/src/components/generate/ClaimHelpers.svelte',
      '/src/components/generate/FeaturesChecklist.svelte',
      '/src/components/generate/ModeratorHelper.svelte',
      '/src/lib/jitsi/generate/features.ts',
      '/src/lib/jitsi/generate/moderator.ts',
    ),
    priority: 5,
  },
];

// Relative base: the built dist/ works from any folder or sub-path, and from a downloaded copy.
export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    svelteTesting(),
    inlineStylesheet(),
    firstScreenGraph(),
    preloadFirstScreen(),
    offlineServiceWorker(),
    // Last: it hashes the inline scripts the others wrote.
    contentSecurityPolicy(),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    // One stylesheet (about 5 KB gzip), inlined into index.html, instead of one per chunk: no request, and a chunk
    // loaded on demand (the checker opened from a token) never waits for its own stylesheet.
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Only the modules a group names, not their dependencies: a dependency the first chunk also needs
          // must stay there, or the first chunk would import the group's chunk and load it at startup.
          includeDependenciesRecursively: false,
          groups: CHUNK_GROUPS,
        },
      },
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
