import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

describe('migrations', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('are all applied, so the server reports ready', async () => {
    expect(await env.app.db.dataSource.showMigrations()).toBe(false);
    const response = await env.http().get('/readyz');
    expect(response.status).toBe(200);
  });
});
