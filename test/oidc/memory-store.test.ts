import { startPitboss } from '../helpers/app.ts';
import { testDatabase } from '../helpers/database.ts';
import { oidcFlowSuite } from './flows.ts';

oidcFlowSuite('memory store', async () => {
  const db = await testDatabase();
  const app = await startPitboss({ database: db });
  return {
    ...app,
    async close() {
      await app.close();
      await db.close();
    },
  };
});
