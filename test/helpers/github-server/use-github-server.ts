import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startGitHubServer, type GitHubServer } from './index.js';

/**
 * The GitHub double for one test file: started before its tests, with a token that may do everything,
 * closed after them; after each test, every request and answer must have matched GitHub's OpenAPI.
 * `ready` receives the server and the token (for the file's own variables).
 */
export function useGitHubServer(ready: (server: GitHubServer, token: string) => void): void {
  let server: GitHubServer | undefined;
  beforeAll(async () => {
    server = await startGitHubServer();
    ready(server, server.createToken());
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    expect(server!.violations).toEqual([]);
  });
}
