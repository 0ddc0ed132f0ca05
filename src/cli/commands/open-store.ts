import { setting } from '../../config/index.js';
import { DEFAULT_DATA_DIR, migrate, openDatabase, type Database } from '../../store/index.js';

/** The service's database as `serve` opens it (DATABASE_URL, else the embedded one), migrated. */
export async function openServiceStore(env: NodeJS.ProcessEnv): Promise<Database> {
  const url = setting(env, 'DATABASE_URL');
  const db = await openDatabase({
    ...(url ? { url } : {}),
    dataDir: setting(env, 'CI_AUTOFIX_DATA_DIR') ?? DEFAULT_DATA_DIR,
  });
  try {
    await migrate(db);
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}
