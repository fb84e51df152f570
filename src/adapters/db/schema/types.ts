import { customType } from 'drizzle-orm/pg-core';

/** Raw message bytes, stored as bytea and read back as a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});
