// The dashboard at /dashboard: `npm run dashboard:build` (run by `npm install`) writes dashboard/dist,
// which the API serves (src/http/dashboard.ts). For work on the page itself, `npx vite --config
// dashboard/vite.config.ts` serves it with hot reload on :5173 and proxies /graphql (HTTP and
// graphql-ws) to an API on :4000 (`npm start`).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  plugins: [react()],
  // No public/ folder: everything the page needs is imported, so it gets a hashed name.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs ES2022 modules supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    // A small app: no size warning for the one chunk with React in it.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
});
