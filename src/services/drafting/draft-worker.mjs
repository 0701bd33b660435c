// Worker-thread entry of the draft pool (src/services/drafter.ts): loads the TypeScript
// extractor through tsx, whatever started the main thread (the CLI, the server, the tests).
import { register } from 'tsx/esm/api';

register();
const { runDraftJob } = await import('./draft-job.ts');

export default runDraftJob;
