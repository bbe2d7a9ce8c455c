// Generates the service worker after `vite build`: it precaches the whole app so that it starts
// with no network, and answers every navigation with the SPA shell (200.html).
import { generateSW } from 'workbox-build';

// Another folder can be given (the update test makes a second build from a copy of build/).
const dir = process.argv[2] ?? 'build';

const { count, size, warnings } = await generateSW({
  globDirectory: dir,
  globPatterns: ['**/*.{html,js,css,svg,png,webmanifest,json,woff2}'],
  globIgnores: ['sw.js', 'workbox-*.js'],
  swDest: `${dir}/sw.js`,
  navigateFallback: '/200.html',
  // The relay's endpoints are never answered from the cache.
  navigateFallbackDenylist: [/^\/sync\//, /^\/healthz/, /^\/metrics/],
  // Hashed files under _app/immutable never change: no cache-busting query needed.
  dontCacheBustURLsMatching: /^_app\/immutable\//,
  maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
  cleanupOutdatedCaches: true,
  // A new version waits until the user says "update" (workbox-window's messageSkipWaiting).
  skipWaiting: false,
  clientsClaim: true,
  inlineWorkboxRuntime: true,
  sourcemap: false,
});
for (const w of warnings) console.warn(w);
console.log(`service worker: precaches ${count} files, ${(size / 1024).toFixed(0)} KiB`);
