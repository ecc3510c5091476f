import { startServices } from '../../electron/services/start-services.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { runContractSuite, tempDataDir } from './contract-suite.js';
import { inProcessClient } from './in-process-client.js';

runContractSuite('in-process dispatch', async () => {
  const services = await startServices({ dataDir: tempDataDir(), transport: 'in-process', log: createMemoryLogger(), validateResults: true });
  return { client: inProcessClient(services), services, close: () => services.close() };
});
