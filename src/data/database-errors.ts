/** Recognises a unique-key violation from either engine, so services can turn it into a CONFLICT. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const codes = [e?.code, e?.driverError?.code];
  return (
    codes.includes('ER_DUP_ENTRY') ||
    codes.includes('SQLITE_CONSTRAINT_UNIQUE') ||
    codes.includes('SQLITE_CONSTRAINT_PRIMARYKEY') ||
    e?.errno === 1062 ||
    e?.driverError?.errno === 1062
  );
}

/** InnoDB chose this transaction as a deadlock victim: it was rolled back and may simply be run again. */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213 || e?.driverError?.errno === 1213;
}
