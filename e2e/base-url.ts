// Browser tests serve the production build on localhost (next-auth wants a stable origin).
export const E2E_PORT = 3117;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
