// Schema compilers shared by every app built in this process: Ajv compiles a schema object once and each response
// schema's serializer is built once, however many apps the process builds (a server builds one; the tests, hundreds).
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type SerializerFactory = NonNullable<Factories['buildSerializer']>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

/** One Ajv per distinct set of options and shared schemas (@fastify/ajv-compiler's pool); Ajv caches by schema object. */
const buildValidator = AjvCompiler();

const buildSerializers = SerializerSelector();
/** Serializers by schema object, per distinct set of options and shared schemas. */
const serializerPools = new Map<string, WeakMap<object, Serializer>>();

const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const key = JSON.stringify([externalSchemas, options]);
  let pool = serializerPools.get(key);
  if (!pool) serializerPools.set(key, (pool = new WeakMap()));
  const compile = buildSerializers(externalSchemas, options);
  return (route) => {
    const schema = route.schema as object;
    let serializer = pool.get(schema);
    if (!serializer) pool.set(schema, (serializer = compile(route)));
    return serializer;
  };
};

export const sharedSchemaCompilers: FastifyServerOptions['schemaController'] = { compilersFactory: { buildValidator, buildSerializer } };
