import { runtimeContract } from '../../contract/runtime.ts';

runtimeContract('runtime on the embedded backends (in-memory + PGlite)', { backend: 'embedded' }).run();
