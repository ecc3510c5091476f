/** One numbered step of the store database's schema. Shipped migrations are never edited: add a new one. */
export interface Migration {
  version: number;
  name: string;
  /** Runs inside the single start-up transaction; must not contain BEGIN/COMMIT. */
  sql: string;
}
