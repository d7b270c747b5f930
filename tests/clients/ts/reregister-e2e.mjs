// The official TypeScript MCP SDK after an admin deleted its client registration: it signed in
// (offline_access) and called a tool; an admin deletes the client (DELETE /api/admin/oauth-clients/{id});
// once the access token has expired (the server's access tokens live a few seconds), the next call
// gets a 401, the refresh gets 401 invalid_client, the SDK forgets the registration
// (invalidateCredentials("all")), registers again and asks for authorization; the user consents
// once more and the client carries on with the new registration.
//
//   PLATFORM_URL=… PLATFORM_EMAIL=… PLATFORM_PASSWORD=… PLATFORM_ADMIN_EMAIL=… PLATFORM_ADMIN_PASSWORD=… node reregister-e2e.mjs
//
// Prints one JSON object with what it saw; exits 1 with the error on stderr when a step fails.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { countingFetch, createSession, sleep } from "./harness.mjs";

const base = process.env.PLATFORM_URL;
const email = process.env.PLATFORM_EMAIL;
const password = process.env.PLATFORM_PASSWORD;
const adminEmail = process.env.PLATFORM_ADMIN_EMAIL;
const adminPassword = process.env.PLATFORM_ADMIN_PASSWORD;
if (!base || !email || !password || !adminEmail || !adminPassword) {
  console.error("PLATFORM_URL, PLATFORM_EMAIL, PLATFORM_PASSWORD, PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD are required");
  process.exit(2);
}

const { provider, store, seen, authorize } = createSession({ email, password, clientName: "TypeScript SDK re-registration test" });
const admin = createSession({ email: adminEmail, password: adminPassword });
const counts = { mcpUnauthorized: 0, refreshes: 0, failedRefreshes: [] };
const fetchFn = countingFetch(counts);
const mcpUrl = new URL("/api/mcp", base);
let step = "start";

async function connect() {
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: fetchFn });
  const client = new Client({ name: "platform-ts-reregister", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

async function deleteClient(clientId) {
  const json = { "content-type": "application/json", "x-scrumboy": "1" };
  const login = await admin.browse(new URL("/api/auth/login", base), {
    method: "POST", headers: json, body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
  const deleted = await admin.browse(new URL(`/api/admin/oauth-clients/${encodeURIComponent(clientId)}`, base), {
    method: "DELETE", headers: { "x-scrumboy": "1" },
  });
  return deleted.status;
}

async function main() {
  step = "1 sign-in with offline_access and a tool call";
  const scope = "organizations:read tasks:read tasks:write offline_access";
  if (await auth(provider, { serverUrl: mcpUrl, scope, fetchFn }) !== "REDIRECT") throw new Error("no authorization asked");
  const callback = await authorize(seen.authorizationUrls.at(-1));
  if (await auth(provider, { serverUrl: mcpUrl, scope, authorizationCode: callback.searchParams.get("code"), fetchFn }) !== "AUTHORIZED") {
    throw new Error("the code was not exchanged");
  }
  const firstClientId = store.client.client_id;
  const first = await connect();
  const before = await first.client.callTool({ name: "list_organizations", arguments: {} });

  step = "2 an admin deletes the registration";
  const deleteStatus = await deleteClient(firstClientId);
  await sleep(store.tokens.expires_in * 1000 + 500);

  step = "3 the next call: 401, refresh refused, registration again, authorization";
  let unauthorized = false;
  try {
    await first.client.callTool({ name: "list_organizations", arguments: {} });
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    unauthorized = true;
  }
  if (!unauthorized) throw new Error("the call after the deletion went through");
  await first.client.close().catch(() => {});
  const secondClientId = store.client?.client_id ?? null;

  step = "4 consent again and carry on";
  const again = await authorize(seen.authorizationUrls.at(-1));
  await first.transport.finishAuth(again.searchParams.get("code"));
  const second = await connect();
  const after = await second.client.callTool({ name: "list_organizations", arguments: {} });
  const tasks = await second.client.callTool({ name: "list_tasks", arguments: {} });
  await second.client.close();

  console.log(JSON.stringify({
    firstClientId,
    secondClientId,
    deleteStatus,
    registrations: seen.clientIds.length,
    invalidated: seen.invalidated,
    failedRefreshes: counts.failedRefreshes,
    authorizations: seen.authorizationUrls.length,
    beforeOrganizations: before.structuredContent.organizations.length,
    afterOrganizations: after.structuredContent.organizations.length,
    afterTasksIsError: tasks.isError === true,
  }));
}

main().catch((error) => {
  console.error(`step ${step}: ${error?.stack ?? String(error)}`);
  process.exit(1);
});
