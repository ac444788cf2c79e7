import {
  ACTIVITY_EVENT_TYPES,
  ACTIVITY_EVENTS,
  ACTIVITY_PAYLOAD_FIELDS,
  type ActivityEventType,
  type PayloadFieldSpec,
} from './events';

/**
 * docs/events.md, rendered from the catalogue (packages/plugin-sdk/src/events.ts): `npm run events:emit`
 * writes it and `npm run events:check` (CI) fails when the committed file differs, as for the schema.
 */
export function renderEventsDoc(): string {
  const lines: string[] = [
    '# Activity events',
    '',
    '<!-- Generated from packages/plugin-sdk/src/events.ts by `npm run events:emit`; do not edit by hand. -->',
    '',
    'Every change the server makes writes activity events in the same transaction (the outbox); they are',
    'published after commit, in order, to GraphQL subscriptions (`memberActivity`, `activityFeed`), the',
    "`activity` history and plugins' event handlers. Each event carries its payload twice in GraphQL:",
    '`payload` (JSON, as always) and `details`, the same data as a typed object of the `ActivityDetails`',
    'union (`... on OrderRecordedDetails { orderId totalMinor }`). Plugins get the payload typed by event',
    "type from `@loyalty-bff/plugin-sdk` (`PluginEvent<'order.recorded'>`). Dates are ISO-8601 strings in",
    '`payload` and `DateTimeISO` in `details`. Events a plugin publishes are named `<plugin>.<type>`, carry',
    "the plugin's own JSON payload and no `details`.",
    '',
    `## The ${ACTIVITY_EVENT_TYPES.length} event types`,
    '',
    '| type | written by | details | when |',
    '|---|---|---|---|',
  ];
  for (const type of ACTIVITY_EVENT_TYPES) {
    const { context, description, shape } = ACTIVITY_EVENTS[type];
    const details = shape === 'NoDetails' ? 'null (no fields)' : `[\`${shape}Details\`](#${anchor(shape)})`;
    lines.push(`| \`${type}\` | ${context} | ${details} | ${cell(description)} |`);
  }
  lines.push('', '## Payloads', '');
  for (const [shape, fields] of Object.entries(ACTIVITY_PAYLOAD_FIELDS) as [
    string,
    Record<string, PayloadFieldSpec>,
  ][]) {
    if (shape === 'NoDetails') continue;
    const types = ACTIVITY_EVENT_TYPES.filter(
      (type: ActivityEventType) => ACTIVITY_EVENTS[type].shape === shape,
    );
    lines.push(`### ${shape}Details`, '');
    lines.push(
      types.length ? `Details of ${types.map((t) => `\`${t}\``).join(', ')}.` : 'Nested in other payloads.',
    );
    lines.push('', '| field | type | meaning |', '|---|---|---|');
    for (const [field, [type, description]] of Object.entries(fields))
      lines.push(`| \`${field}\` | ${cell(graphqlType(type))} | ${cell(description)} |`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function anchor(shape: string): string {
  return `${shape}Details`.toLowerCase();
}

/** `Int?` → `Int`, `[ID]` → `[ID!]!`, `TierRef?` → `TierRefDetails`: as the schema spells it. */
function graphqlType(spec: string): string {
  const nullable = spec.endsWith('?');
  const bare = nullable ? spec.slice(0, -1) : spec;
  const list = bare.startsWith('[');
  const base = list ? bare.slice(1, -1) : bare;
  const scalar = ['ID', 'Int', 'Float', 'String', 'Boolean', 'JSON'].includes(base);
  const named = base === 'DateTime' ? 'DateTimeISO' : scalar ? base : `${base}Details`;
  const shown = list ? `[${named}!]` : named;
  return nullable ? shown : `${shown}!`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
