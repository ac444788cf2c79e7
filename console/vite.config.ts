import { defineConfig } from 'vite';

/** The support console: built into dist/console by `npm run build`, served by the server at /console. */
export default defineConfig({
  root: __dirname,
  base: '/console/',
  // Preact's automatic JSX runtime: components are .tsx files, no React at run time.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: '../dist/console', emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
