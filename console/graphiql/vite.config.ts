import { defineConfig } from 'vite';

/**
 * The development GraphQL IDE (GraphiQL), built into dist/graphiql by `npm run build` with the console,
 * served by the server at GET /graphql (browser navigation) and /graphql/ide/ in development only.
 */
export default defineConfig({
  root: __dirname,
  base: '/graphql/ide/',
  build: {
    outDir: '../../dist/graphiql',
    emptyOutDir: true,
    // GraphiQL with React and CodeMirror is one large bundle; it is only ever loaded from localhost.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      onwarn(warning, warn) {
        // React packages mark modules "use client" for server components; meaningless in this bundle.
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
