import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The database handle every repository takes: the store's Kysely instance or a transaction. */
export type Db = Kysely<Database>;
