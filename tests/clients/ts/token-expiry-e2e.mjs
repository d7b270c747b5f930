// The official TypeScript MCP SDK across access-token expiry, against a server whose access tokens
// live a few seconds (OAuth__AccessTokenLifetime): it signs in once with offline_access, then keeps
// calling a tool for PLATFORM_DURATION_MS. The SDK does not look at expires_in: the first call after
// expiry gets a 401, the SDK refreshes (rotating the refresh token) and retries the call.
//
//   PLATFORM_URL=… PLATFORM_EMAIL=… PLATFORM_PASSWORD=… PLATFORM_DURATION_MS=10000 node token-expiry-e2e.mjs
//
// Prints one JSON object with what it saw; exits 1 with the error on stderr when a step fails.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { countingFetch, createSession, sleep } from "./harness.mjs";

const base = process.env.PLATFORM_URL;
const email = process.env.PLATFORM_EMAIL;
const password = process.env.PLATFORM_PASSWORD;
const duration = Number(process.env.PLATFORM_DURATION_MS ?? 10000);
if (!base || !email || !password) {
  console.error("PLATFORM_URL, PLATFORM_EMAIL and PLATFORM_PASSWORD are required");
  process.exit(2);
}

const { provider, store, seen, authorize } = createSession({ email, password, clientName: "TypeScript SDK expiry test" });
const counts = { mcpUnauthorized: 0, refreshes: 0, failedRefreshes: [] };
const fetchFn = countingFetch(counts);
let step = "start";

async function main() {
  step = "1 sign-in with offline_access";
  const mcpUrl = new URL("/api/mcp", base);
  const scope = "organizations:read tasks:read tasks:write offline_access";
  if (await auth(provider, { serverUrl: mcpUrl, scope, fetchFn }) !== "REDIRECT") throw new Error("no authorization asked");
  const callback = await authorize(seen.authorizationUrls.at(-1));
  if (await auth(provider, { serverUrl: mcpUrl, scope, authorizationCode: callback.searchParams.get("code"), fetchFn }) !== "AUTHORIZED") {
    throw new Error("the code was not exchanged");
  }
  const expiresIn = store.tokens.expires_in;
  if (!store.tokens.refresh_token) throw new Error("no refresh token with offline_access");

  step = "2 tool calls across expiry";
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: fetchFn });
  const client = new Client({ name: "platform-ts-expiry", version: "1.0.0" });
  await client.connect(transport);
  const accessTokens = new Set([store.tokens.access_token]);
  const refreshTokens = new Set([store.tokens.refresh_token]);
  let calls = 0;
  const started = Date.now();
  while (Date.now() - started < duration) {
    const result = await client.callTool({ name: "list_organizations", arguments: {} });
    if (result.isError) throw new Error("tool error: " + JSON.stringify(result.content));
    calls++;
    accessTokens.add(store.tokens.access_token);
    refreshTokens.add(store.tokens.refresh_token);
    await sleep(500);
  }
  await client.close();

  console.log(JSON.stringify({
    expiresIn,
    calls,
    elapsedMs: Date.now() - started,
    accessTokens: accessTokens.size,
    refreshTokens: refreshTokens.size,
    mcpUnauthorized: counts.mcpUnauthorized,
    refreshes: counts.refreshes,
    failedRefreshes: counts.failedRefreshes,
    authorizations: seen.authorizationUrls.length,
    registrations: seen.clientIds.length,
  }));
}

main().catch((error) => {
  console.error(`step ${step}: ${error?.stack ?? String(error)}`);
  process.exit(1);
});
