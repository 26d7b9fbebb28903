// The command's entry point, and nothing else: the program lives in source/commands/ (importable by tests).
import {main} from './commands/program.js';

await main();
