import { startTestPitboss } from '../helpers/app.ts';
import { oidcFlowSuite } from './flows.ts';

oidcFlowSuite('Redis store', () => startTestPitboss());
