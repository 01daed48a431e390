/** Whether a write failed on a unique index (Prisma's P2002, or the driver's own message). */
export const isUniqueViolation = (error: unknown): boolean =>
  /Unique constraint|P2002|duplicate key/i.test(error instanceof Error ? error.message : String(error));
