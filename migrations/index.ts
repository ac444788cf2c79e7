import { Foundation1763800000000 } from './1763800000000-foundation';

/** Core migrations in the order they run; plugins' migrations run after these. */
export const coreMigrations = [Foundation1763800000000];
