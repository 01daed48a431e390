// `npm run migrate`: applies pending migrations to the configured database and exits.
import { loadConfig } from '../config/config.ts';
import { openDatabase } from './database.ts';

const config = loadConfig();
const db = await openDatabase(config); // opening migrates
await db.close();
console.log(`migrations applied (${db.kind}${db.kind === 'pglite' ? `: ${config.DATA_DIR}` : ''})`);
