import { startTestPitboss } from '../helpers/app.ts';
import { oidcFlowSuite } from './flows.ts';

// Window 0: the suite checks that a replayed refresh token revokes the grant (the window is tested in test/tokens).
oidcFlowSuite('Redis store', () => startTestPitboss({ env: { REFRESH_REUSE_WINDOW: '0' } }));
