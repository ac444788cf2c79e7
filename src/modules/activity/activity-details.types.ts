import { createUnionType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import {
  ACTIVITY_EVENTS,
  ACTIVITY_PAYLOAD_FIELDS,
  isActivityEventType,
  type ActivityPayloadShape,
  type PayloadFieldSpec,
} from './events';

/**
 * The GraphQL side of the event catalogue: one object type per payload shape (`OrderRecordedDetails`,
 * `PointsMovementDetails`...), built from the catalogue's field table so the schema cannot drift from the
 * payload types, and the `ActivityDetails` union that `ActivityEvent.details` answers. Shapes with no
 * field (member.reactivated, member.erased) and plugins' own events answer null.
 */
type ShapeName = keyof typeof ACTIVITY_PAYLOAD_FIELDS;
type Fields = Record<string, PayloadFieldSpec>;

const SCALARS: Record<string, unknown> = {
  ID,
  Int,
  Float,
  String,
  Boolean,
  DateTime: Date,
  JSON: GraphQLJSON,
};

interface ParsedType {
  base: string;
  list: boolean;
  nullable: boolean;
}

function parseType(type: string): ParsedType {
  const nullable = type.endsWith('?');
  const bare = nullable ? type.slice(0, -1) : type;
  const list = bare.startsWith('[');
  return { base: list ? bare.slice(1, -1) : bare, list, nullable };
}

type DetailsClass = new () => object;
const classes = new Map<string, DetailsClass>();

/** The object type of one shape, made once, with a field per catalogue entry. */
function detailsClass(shape: ShapeName): DetailsClass {
  const known = classes.get(shape);
  if (known) return known;
  const name = `${shape}Details`;
  const made = { [name]: class {} }[name] as DetailsClass;
  classes.set(shape, made);
  for (const [field, [type, description]] of Object.entries(ACTIVITY_PAYLOAD_FIELDS[shape] as Fields)) {
    const { base, list, nullable } = parseType(type);
    // Nested shapes are made now, not when the schema is built: type-graphql reads its metadata then.
    const graphqlType = SCALARS[base] ?? detailsClass(base as ShapeName);
    const target = () => (list ? [graphqlType] : graphqlType);
    Field(target as () => DetailsClass, { nullable, description })(made.prototype, field);
  }
  ObjectType(name, { description: `Payload of activity events of shape ${shape} (docs/events.md)` })(made);
  return made;
}

const UNION_SHAPES = [...new Set(Object.values(ACTIVITY_EVENTS).map((event) => event.shape))].filter(
  (shape): shape is Exclude<ActivityPayloadShape, 'NoDetails'> => shape !== 'NoDetails',
);
const unionMembers = UNION_SHAPES.map(detailsClass);

export const ActivityDetails = createUnionType({
  name: 'ActivityDetails',
  description:
    "An activity event's payload as a typed object, by event type (docs/events.md); `payload` keeps the same data as JSON",
  types: () => unionMembers as [DetailsClass, ...DetailsClass[]],
  resolveType: (value) => (value as object).constructor as DetailsClass,
});

/** The typed details of a stored event: an instance of its shape's class (dates as Date), or null. */
export function activityDetails(type: string, payload: Record<string, unknown>): object | null {
  if (!isActivityEventType(type)) return null;
  const shape = ACTIVITY_EVENTS[type].shape;
  return shape === 'NoDetails' ? null : instanceOf(shape, payload);
}

function instanceOf(shape: ShapeName, values: Record<string, unknown>): object {
  const instance = new (detailsClass(shape))() as Record<string, unknown>;
  for (const [field, [type]] of Object.entries(ACTIVITY_PAYLOAD_FIELDS[shape] as Fields)) {
    const { base } = parseType(type);
    instance[field] = converted(base, values[field]);
  }
  return instance;
}

function converted(base: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value) && !(base in SCALARS && base === 'JSON'))
    return value.map((v) => converted(base, v));
  if (base === 'DateTime') return new Date(String(value));
  if (base in SCALARS) return value;
  return instanceOf(base as ShapeName, value as Record<string, unknown>);
}
