// What `npm start` runs before serving the editor (the same service as `claimline setup`): migrate, and in an
// empty database create the demo users and load the demo data. One line and exit 1 when it cannot.
import { services } from '@claimline/api';

try {
  await services.setup();
} catch (error) {
  process.stderr.write(`claimline: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(1);
}
