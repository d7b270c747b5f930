// One login for both domains (issue 15) with the official TypeScript MCP SDK, as Claude Code or Cursor
// would do it with both URLs configured: the client registers once, the user signs in once in the
// browser and consents once per resource (/api/mcp, then /api/boards/mcp), and the tokens of that one
// sign-in call a task tool and a board tool. Then, with no OAuth at all, a personal API token (sb_…)
// on /mcp/rpc: the tool list (names checked against ^[a-zA-Z0-9_-]{1,64}$) and board tool calls.
//
//   PLATFORM_URL=… PLATFORM_EMAIL=… PLATFORM_PASSWORD=… PLATFORM_PROJECT=<slug> PLATFORM_SB_TOKEN=sb_… node one-login-e2e.mjs
//
// Prints one JSON object with what it saw; exits 1 with the error on stderr when a step fails.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { createSession } from "./harness.mjs";

const base = process.env.PLATFORM_URL;
const email = process.env.PLATFORM_EMAIL;
const password = process.env.PLATFORM_PASSWORD;
const projectSlug = process.env.PLATFORM_PROJECT;
const sbToken = process.env.PLATFORM_SB_TOKEN;
if (!base || !email || !password || !projectSlug || !sbToken) {
  console.error("PLATFORM_URL, PLATFORM_EMAIL, PLATFORM_PASSWORD, PLATFORM_PROJECT and PLATFORM_SB_TOKEN are required");
  process.exit(2);
}

const toolName = /^[a-zA-Z0-9_-]{1,64}$/;
const session = createSession({ email, password, clientName: "One login e2e" });
const boards = session.providerForAnotherResource();
let step = "start";

// Connects to one server; the first time, the SDK sends the user to the authorization page, the
// browser of the session signs in (if needed) and consents, and the SDK exchanges the code.
async function connect(path, provider) {
  const url = new URL(path, base);
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client = new Client({ name: "platform-one-login-e2e", version: "1.0.0" });
  try {
    await client.connect(first);
    return client;
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  const callback = await session.authorize(session.seen.authorizationUrls.at(-1));
  const code = callback.searchParams.get("code");
  if (!code) throw new Error("no code in " + callback);
  await first.finishAuth(code);
  const connected = new Client({ name: "platform-one-login-e2e", version: "1.0.0" });
  await connected.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  return connected;
}

const text = (result) => (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("");

async function main() {
  step = "1 /api/mcp: sign-in and consent, a task tool";
  const tasks = await connect("/api/mcp", session.provider);
  const organizations = await tasks.callTool({ name: "list_organizations", arguments: {} });
  const organizationId = organizations.structuredContent.organizations[0].id;
  const task = await tasks.callTool({ name: "create_task", arguments: { organizationId, title: "One login: task" } });
  if (task.isError) throw new Error("create_task: " + text(task));

  step = "2 /api/boards/mcp: consent only, a board tool";
  const pagesBefore = session.seen.pages.length;
  const board = await connect("/api/boards/mcp", boards.provider);
  const boardPages = session.seen.pages.slice(pagesBefore).map((p) => p.kind);
  const boardTools = (await board.listTools()).tools;
  const created = await board.callTool({ name: "todos_create", arguments: { projectSlug, title: "One login: todo" } });
  if (created.isError) throw new Error("todos_create: " + text(created));
  const got = await board.callTool({ name: "board_get", arguments: { projectSlug } });
  if (got.isError) throw new Error("board_get: " + text(got));

  step = "3 both tokens still work side by side";
  const tasksAgain = await tasks.callTool({ name: "list_tasks", arguments: { organizationId } });

  step = "4 /mcp/rpc with an sb_ token, no OAuth";
  const rpc = new Client({ name: "platform-one-login-e2e", version: "1.0.0" });
  await rpc.connect(new StreamableHTTPClientTransport(new URL("/mcp/rpc", base), {
    requestInit: { headers: { Authorization: `Bearer ${sbToken}` } },
  }));
  const rpcTools = (await rpc.listTools()).tools;
  const rpcCreated = await rpc.callTool({ name: "todos_create", arguments: { projectSlug, title: "One login: sb_ todo" } });
  if (rpcCreated.isError) throw new Error("todos_create on /mcp/rpc: " + text(rpcCreated));
  const rpcBoard = await rpc.callTool({ name: "board_get", arguments: { projectSlug } });
  if (rpcBoard.isError) throw new Error("board_get on /mcp/rpc: " + text(rpcBoard));
  const rpcDotted = await rpc.callTool({ name: "projects.list", arguments: {} });

  const consentPages = session.seen.pages.filter((p) => p.kind === "consent").map((p) => p.html);
  console.log(JSON.stringify({
    pages: session.seen.pages.map((p) => p.kind),
    boardPages,
    registrations: session.seen.clientIds.length,
    authorizationUrls: session.seen.authorizationUrls,
    consentMentions: consentPages.map((html) => ({
      mcp: html.includes(new URL("/api/mcp", base).toString()),
      boards: html.includes(new URL("/api/boards/mcp", base).toString()),
    })),
    mcpScope: session.store.tokens?.scope ?? null,
    boardsScope: boards.store.tokens?.scope ?? null,
    tasksServer: tasks.getServerVersion()?.name ?? null,
    taskTitle: task.structuredContent.title,
    listedTaskIds: tasksAgain.structuredContent.tasks.map((t) => t.id),
    taskId: task.structuredContent.id,
    boardTools: boardTools.map((t) => t.name),
    boardToolsBadNames: boardTools.map((t) => t.name).filter((n) => !toolName.test(n)),
    createdTodoTitle: created.structuredContent.data.todo.title,
    boardProjectSlug: got.structuredContent.data.project.projectSlug,
    boardTotal: Object.values(got.structuredContent.meta.totalCountByColumn).reduce((a, b) => a + b, 0),
    rpcServer: rpc.getServerVersion()?.name ?? null,
    rpcTools: rpcTools.map((t) => t.name),
    rpcToolsBadNames: rpcTools.map((t) => t.name).filter((n) => !toolName.test(n)),
    rpcCreatedTitle: rpcCreated.structuredContent.todo.title,
    rpcBoardColumns: rpcBoard.structuredContent.columns.length,
    rpcDottedIsError: rpcDotted.isError === true,
  }));
  await tasks.close();
  await board.close();
  await rpc.close();
}

main().catch((error) => {
  console.error(`step ${step}: ${error?.stack ?? String(error)}`);
  process.exit(1);
});
