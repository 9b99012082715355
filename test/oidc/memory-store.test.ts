import { startTestPitboss } from '../helpers/app.ts';
import { oidcFlowSuite } from './flows.ts';

oidcFlowSuite('memory store', () => startTestPitboss({ redis: false }));
