import { defineConfig } from 'vite';

/** The support console: built into dist/console by `npm run build`, served by the server at /console. */
export default defineConfig({
  root: __dirname,
  base: '/console/',
  build: { outDir: '../dist/console', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
