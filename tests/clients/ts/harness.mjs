// What the end-to-end scripts share: an OAuthClientProvider keeping what a desktop client keeps
// between runs (in memory), and a browser (cookie jar, manual redirects, forms submitted with their
// hidden fields) that signs in and consents on Platform's pages as a user would.
export const redirectUrl = "http://127.0.0.1:33418/callback";

export function createSession({ email, password, clientName = "TypeScript SDK end-to-end test" }) {
  const seen = { authorizationUrls: [], registeredAuthMethod: null, clientIds: [], scopes: null, invalidated: [], savedTokens: 0, pages: [] };
  const store = { client: undefined, tokens: undefined, verifier: undefined };
  const provider = providerOver(store);

  // What a desktop client keeps per server: the tokens and the PKCE verifier of each server (resource);
  // the registration (client information) is the authorization server's, shared by both.
  function providerOver(store) {
    return {
      get redirectUrl() { return redirectUrl; },
      get clientMetadata() {
        return {
          client_name: clientName,
          redirect_uris: [redirectUrl],
          grant_types: ["authorization_code", "refresh_token"],
          response_types: ["code"],
          token_endpoint_auth_method: "none",
        };
      },
      state() { return "state-" + Math.random().toString(36).slice(2); },
      clientInformation() { return store.client; },
      saveClientInformation(info) {
        store.client = info;
        seen.registeredAuthMethod = info.token_endpoint_auth_method ?? null;
        seen.clientIds.push(info.client_id);
      },
      tokens() { return store.tokens; },
      saveTokens(tokens) {
        store.tokens = tokens;
        seen.savedTokens++;
        seen.scopes ??= tokens.scope ?? null;
      },
      redirectToAuthorization(url) { seen.authorizationUrls.push(url.toString()); },
      saveCodeVerifier(verifier) { store.verifier = verifier; },
      codeVerifier() { return store.verifier; },
      // The SDK calls this when the server refuses the client (invalid_client: forget the
      // registration and register again) or the grant (invalid_grant: forget the tokens).
      invalidateCredentials(scope) {
        seen.invalidated.push(scope);
        if (scope === "all" || scope === "client") store.client = undefined;
        if (scope === "all" || scope === "tokens") store.tokens = undefined;
        if (scope === "all" || scope === "verifier") store.verifier = undefined;
      },
    };
  }

  // A provider for a second server of the same authorization server: the same registration and
  // browser (cookie jar), its own tokens.
  function providerForAnotherResource() {
    const own = { tokens: undefined, verifier: undefined };
    Object.defineProperty(own, "client", { get: () => store.client, set: (value) => { store.client = value; } });
    return { provider: providerOver(own), store: own };
  }

  const jar = new Map();
  async function browse(url, init = {}) {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  }

  // Follows the authorization URL through sign-in and consent to the redirect carrying the code.
  async function authorize(authorizationUrl) {
    let url = authorizationUrl;
    for (let step = 0; step < 10; step++) {
      const response = await browse(url);
      if (response.status >= 300 && response.status < 400) {
        const location = new URL(response.headers.get("location"), url).toString();
        if (location.startsWith(redirectUrl)) return new URL(location);
        url = location;
        continue;
      }
      const html = await response.text();
      if (response.status !== 200) throw new Error(`authorization page ${url} answered ${response.status}: ${html.slice(0, 300)}`);
      const { action, fields } = form(html);
      seen.pages.push({ kind: /name="password"/i.test(html) ? "login" : "consent", html });
      if (/name="password"/i.test(html)) {
        fields.set("email", email);
        fields.set("password", password);
      } else {
        fields.set("decision", "allow");
      }
      const posted = await browse(new URL(action, url), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: fields.toString(),
      });
      if (posted.status < 300 || posted.status >= 400) throw new Error(`form ${action} answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
      const location = new URL(posted.headers.get("location"), url).toString();
      if (location.startsWith(redirectUrl)) return new URL(location);
      url = location;
    }
    throw new Error("too many steps before the redirect back to the client");
  }

  return { provider, store, seen, authorize, browse, providerForAnotherResource };
}

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));

function form(html) {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (!action) throw new Error("no form on the page: " + html.slice(0, 300));
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(m[0])?.[1];
    const value = /value="([^"]*)"/i.exec(m[0])?.[1] ?? "";
    if (name) fields.append(decode(name), decode(value));
  }
  return { action: decode(action), fields };
}

// A fetch that counts what the SDK sends: 401s from the MCP endpoint and refresh grants at /auth/token.
export function countingFetch(counts) {
  return async (url, init) => {
    const response = await fetch(url, init);
    const path = new URL(url instanceof Request ? url.url : url.toString()).pathname;
    if (path === "/api/mcp" && response.status === 401) counts.mcpUnauthorized++;
    if (path === "/auth/token" && String(init?.body ?? "").includes("grant_type=refresh_token")) {
      counts.refreshes++;
      if (!response.ok) counts.failedRefreshes.push(`${response.status} ${await response.clone().text()}`);
    }
    return response;
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
