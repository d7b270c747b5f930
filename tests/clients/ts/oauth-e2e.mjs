// The official TypeScript MCP SDK (the client inside Claude Code, Cursor, VS Code and MCP Inspector)
// against a running Platform server, from nothing: the 401, discovery, dynamic registration, PKCE,
// the login and consent pages (driven over HTTP as a browser would submit them), the token
// exchange, the five tools (the SDK checks every structuredContent against the tool's
// outputSchema), and a refresh after the access token stops working.
//
//   PLATFORM_URL=http://127.0.0.1:3001 PLATFORM_EMAIL=… PLATFORM_PASSWORD=… node oauth-e2e.mjs
//
// Prints one JSON object with what it saw; exits 1 with the error on stderr when a step fails.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { createSession } from "./harness.mjs";

const base = process.env.PLATFORM_URL;
const email = process.env.PLATFORM_EMAIL;
const password = process.env.PLATFORM_PASSWORD;
if (!base || !email || !password) {
  console.error("PLATFORM_URL, PLATFORM_EMAIL and PLATFORM_PASSWORD are required");
  process.exit(2);
}

const { provider, store, seen, authorize } = createSession({ email, password });

async function connect() {
  const transport = new StreamableHTTPClientTransport(new URL("/api/mcp", base), { authProvider: provider });
  const client = new Client({ name: "platform-ts-e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

let step = "start";

async function main() {
  step = "1 authorization request";
  // 1. No token: the SDK discovers, registers and sends the user to the authorization page.
  const first = new StreamableHTTPClientTransport(new URL("/api/mcp", base), { authProvider: provider });
  try {
    await new Client({ name: "platform-ts-e2e", version: "1.0.0" }).connect(first);
    throw new Error("connected without authorization");
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  if (seen.authorizationUrls.length !== 1) throw new Error("the SDK did not ask for authorization");

  step = "2 sign-in, consent and code exchange";
  // 2. Sign in and consent; the SDK exchanges the code (PKCE, state, resource).
  const callback = await authorize(seen.authorizationUrls[0]);
  const code = callback.searchParams.get("code");
  if (!code) throw new Error("no code in " + callback);
  await first.finishAuth(code);

  step = "3 tool calls";
  // 3. Connected: every tool, each result checked by the SDK against its outputSchema.
  const { client } = await connect();
  const tools = (await client.listTools()).tools;
  const organizations = await client.callTool({ name: "list_organizations", arguments: {} });
  const organizationId = organizations.structuredContent.organizations[0].id;
  const created = await client.callTool({
    name: "create_task",
    arguments: { title: "From the TypeScript SDK é 😀 <b>", organizationId, description: { steps: ["a", "b"], n: 1.5 } },
  });
  const taskId = created.structuredContent.id;
  const listed = await client.callTool({ name: "list_tasks", arguments: { organizationId } });
  const updated = await client.callTool({ name: "update_task", arguments: { taskId, status: "DONE" } });
  const fetched = await client.callTool({ name: "get_task", arguments: { taskId } });
  const missing = await client.callTool({ name: "get_task", arguments: { taskId: 987654321 } });

  step = "4 offline access";
  // A client that asks for offline_access (the resource metadata does not list it, by contract)
  // goes through consent again and gets a rotating refresh token.
  const mcpUrl = new URL("/api/mcp", base);
  const offlineScope = "organizations:read tasks:read tasks:write offline_access";
  if (await auth(provider, { serverUrl: mcpUrl, scope: offlineScope }) !== "REDIRECT") throw new Error("no authorization asked for offline_access");
  const offlineCallback = await authorize(seen.authorizationUrls.at(-1));
  if (await auth(provider, { serverUrl: mcpUrl, scope: offlineScope, authorizationCode: offlineCallback.searchParams.get("code") }) !== "AUTHORIZED") {
    throw new Error("the offline_access code was not exchanged");
  }
  if (!store.tokens.refresh_token) throw new Error("no refresh token with offline_access");

  step = "5 refresh";
  // The access token stops working: the SDK refreshes it and retries the call.
  const firstRefreshToken = store.tokens.refresh_token;
  store.tokens = { ...store.tokens, access_token: "expired-or-revoked" };
  const again = await connect();
  const afterRefresh = await again.client.callTool({ name: "list_tasks", arguments: {} });
  seen.refreshed = store.tokens.access_token !== "expired-or-revoked" && store.tokens.refresh_token !== firstRefreshToken;

  console.log(JSON.stringify({
    serverName: client.getServerVersion()?.name ?? null,
    registeredAuthMethod: seen.registeredAuthMethod,
    scopes: seen.scopes,
    offlineScopes: store.tokens.scope ?? null,
    authorizationUrl: seen.authorizationUrls[0],
    tools: tools.map((t) => t.name),
    organizationId,
    taskId,
    createdTitle: created.structuredContent.title,
    createdDescription: created.structuredContent.description,
    listedIds: listed.structuredContent.tasks.map((t) => t.id),
    updatedStatus: updated.structuredContent.status,
    fetchedTitle: fetched.structuredContent.title,
    fetchedOwners: fetched.structuredContent.owners.length,
    missingIsError: missing.isError === true,
    missingText: missing.content?.[0]?.text ?? null,
    refreshed: seen.refreshed,
    afterRefreshCount: afterRefresh.structuredContent.tasks.length,
  }));
  await client.close();
  await again.client.close();
}

main().catch((error) => {
  console.error(`step ${step}: ${error?.stack ?? String(error)}`);
  process.exit(1);
});
