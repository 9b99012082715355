import type pg from 'pg';

/**
 * Runs `work` in a transaction on one pooled client, committing on success and rolling back on error.
 * Inside `work` use only the given client: on embedded PGlite another connection waits for this transaction.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    // A client whose rollback fails is in an unknown state: discard it rather than return it to the pool.
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
