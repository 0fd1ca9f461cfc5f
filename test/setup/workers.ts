// How many test files run side by side: two on the throwaway cluster (each worker has its own copy of the sample
// database, see global-postgres.ts; TEST_WORKERS=1 to rule out interplay between files), always one against a
// DATABASE_URL given from outside (one shared sample database).
export const TEST_WORKERS = process.env.DATABASE_URL ? 1 : Math.max(1, Number(process.env.TEST_WORKERS) || 2);
