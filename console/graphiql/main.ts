import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './page.css';

/**
 * GraphiQL bundled at build time and served by the server itself in development, so the IDE works with
 * no network (Apollo's landing page loads Sandbox from a CDN). Queries and mutations go over HTTP to
 * /graphql on this origin; subscriptions over graphql-ws, with the Headers pane sent as connection
 * params (the server reads `Authorization` there too).
 */
const endpoint = new URL('/graphql', window.location.href);
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

const fetcher = createGraphiQLFetcher({
  url: endpoint.href,
  subscriptionUrl: socket.href,
  // Apollo answers plain JSON; no multipart/mixed negotiation needed.
  enableIncrementalDelivery: false,
});

const defaultQuery = `# Loyalty GraphQL API: development IDE, served by this server (works offline).
# Staff and admin operations need a token: npm run token -- --role staff
# then put it in Headers below: { "Authorization": "Bearer <token>" }

{
  __typename
}
`;

createRoot(document.getElementById('graphiql')!).render(createElement(GraphiQL, { fetcher, defaultQuery }));
