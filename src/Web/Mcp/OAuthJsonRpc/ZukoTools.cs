using System.Text.Json;
using Platform.Application.Common.Security;
using Platform.Application.Organizations.ListOrganizations;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Application.Organizations.Tasks.ListTasks;
using Platform.Application.Organizations.Tasks.UpdateTask;
using Platform.Web.Mcp.Catalog;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// The five organization/task tools of the OAuth-protected /api/mcp endpoint (the Zuko dialect),
/// described once: names, the original's descriptions, input and output schemas, required scopes,
/// and handlers that decode the arguments, send the MediatR request and shape the result.
/// </summary>
public static class ZukoTools
{
    /// <summary>The service key of this catalog (it coexists with the envelope dialect's catalog).</summary>
    public const string Dialect = "zuko";

    private const string StatusEnum = """["TODO","IN_PROGRESS","DONE","CANCELLED"]""";
    private const string Timestamp = """{"type":"string","format":"date-time"}""";
    private const string NullableTimestamp = """{"type":["string","null"],"format":"date-time"}""";
    private const string AnyJson = """{"description":"Any JSON value, or null"}""";

    private const string OrganizationItem = """
        {"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"slug":{"type":"string"},
         "role":{"type":"string","enum":["owner","admin","member"]}},"required":["id","name","slug","role"]}
        """;

    private const string TaskSummaryItem = """
        {"type":"object","properties":{"id":{"type":"integer"},"organizationId":{"type":"integer"},"title":{"type":"string"},
         "description":%AnyJson%,"status":{"type":"string","enum":%StatusEnum%},"completedAt":%NullableTimestamp%,
         "assignee":{"type":["string","null"]},"createdAt":%Timestamp%,"updatedAt":%Timestamp%},
         "required":["id","organizationId","title","description","status","completedAt","assignee","createdAt","updatedAt"]}
        """;

    public static ToolCatalog CreateCatalog() => new(Dialect,
    [
        new ToolDefinition
        {
            Name = "list_organizations",
            Title = "List organizations",
            Description = "List the organizations the authorized user belongs to (id, name, slug, and role). " +
                          "Use an id as organizationId when creating tasks and the user belongs to multiple organizations.",
            InputSchema = Schema("""{"type":"object","properties":{}}"""),
            OutputSchema = Schema("""{"type":"object","properties":{"organizations":{"type":"array","items":%OrganizationItem%}},"required":["organizations"]}"""),
            RequiredScope = Scopes.OrganizationsRead,
            ReadOnly = true,
            Handler = ListOrganizationsAsync,
        },
        new ToolDefinition
        {
            Name = "list_tasks",
            Title = "List tasks",
            Description = "List tasks in the organizations the authorized user belongs to. Returns the 50 most recently updated.",
            InputSchema = Schema("""
                {"type":"object","properties":{
                  "status":{"type":"string","enum":%StatusEnum%,"description":"Filter by task status"},
                  "organizationId":{"type":"integer","description":"Restrict results to a specific organization"}}}
                """),
            OutputSchema = Schema("""{"type":"object","properties":{"tasks":{"type":"array","items":%TaskSummaryItem%}},"required":["tasks"]}"""),
            RequiredScope = Scopes.TasksRead,
            ReadOnly = true,
            Handler = ListTasksAsync,
        },
        new ToolDefinition
        {
            Name = "get_task",
            Title = "Get task",
            Description = "Get detailed information about a specific task by ID.",
            InputSchema = Schema("""
                {"type":"object","properties":{"taskId":{"type":"integer","description":"The ID of the task to retrieve"}},"required":["taskId"]}
                """),
            OutputSchema = Schema("""
                {"type":"object","properties":{"id":{"type":"integer"},"organizationId":{"type":"integer"},"title":{"type":"string"},
                 "description":%AnyJson%,"status":{"type":"string","enum":%StatusEnum%},"completedAt":%NullableTimestamp%,
                 "parentId":{"type":["integer","null"]},"assignee":{"type":["string","null"]},"createdAt":%Timestamp%,"updatedAt":%Timestamp%,
                 "owners":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"taskId":{"type":"integer"},
                   "userId":{"type":"integer"},"isPrimary":{"type":"boolean"},"assignedAt":%Timestamp%,
                   "user":{"type":["object","null"],"properties":{"id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"}},
                           "required":["id","name","email"]}},
                   "required":["id","taskId","userId","isPrimary","assignedAt","user"]}},
                 "subtasks":{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"title":{"type":"string"},
                   "status":{"type":"string","enum":%StatusEnum%},"completedAt":%NullableTimestamp%},"required":["id","title","status","completedAt"]}},
                 "parent":{"type":["object","null"],"properties":{"id":{"type":"integer"},"title":{"type":"string"}},"required":["id","title"]}},
                 "required":["id","organizationId","title","description","status","completedAt","parentId","assignee","createdAt","updatedAt",
                             "owners","subtasks","parent"]}
                """),
            RequiredScope = Scopes.TasksRead,
            ReadOnly = true,
            Handler = GetTaskAsync,
        },
        new ToolDefinition
        {
            Name = "create_task",
            Title = "Create task",
            Description = "Create a new task in an organization. organizationId is optional when the user belongs to exactly one organization " +
                          "\u2014 call list_organizations first to pick one if needed.",
            InputSchema = Schema("""
                {"type":"object","properties":{
                  "organizationId":{"type":"integer","description":"Organization ID to create the task in. Omit if you belong to exactly one organization; call list_organizations to find the correct id otherwise."},
                  "title":{"type":"string","minLength":1,"maxLength":500,"description":"The title of the task"},
                  "description":{"description":"Optional description (JSON format)"},
                  "status":{"type":"string","enum":%StatusEnum%,"default":"TODO","description":"Initial status of the task"},
                  "assignee":{"type":"string","description":"Optional assignee identifier"}},
                 "required":["title"]}
                """),
            OutputSchema = Schema("""
                {"type":"object","properties":{"id":{"type":"integer"},"organizationId":{"type":"integer"},"title":{"type":"string"},
                 "description":%AnyJson%,"status":{"type":"string","enum":%StatusEnum%},"assignee":{"type":["string","null"]},"createdAt":%Timestamp%},
                 "required":["id","organizationId","title","description","status","assignee","createdAt"]}
                """),
            RequiredScope = Scopes.TasksWrite,
            Handler = CreateTaskAsync,
        },
        new ToolDefinition
        {
            Name = "update_task",
            Title = "Update task",
            Description = "Update an existing task.",
            InputSchema = Schema("""
                {"type":"object","properties":{
                  "taskId":{"type":"integer","description":"The ID of the task to update"},
                  "title":{"type":"string","minLength":1,"maxLength":500,"description":"New title for the task"},
                  "description":{"description":"New description (JSON format)"},
                  "status":{"type":"string","enum":%StatusEnum%,"description":"New status for the task"},
                  "assignee":{"type":["string","null"],"description":"New assignee identifier"},
                  "completedAt":{"type":["string","null"],"description":"Completion timestamp (ISO 8601 format)"}},
                 "required":["taskId"]}
                """),
            OutputSchema = Schema("""
                {"type":"object","properties":{"id":{"type":"integer"},"organizationId":{"type":"integer"},"title":{"type":"string"},
                 "description":%AnyJson%,"status":{"type":"string","enum":%StatusEnum%},"assignee":{"type":["string","null"]},
                 "completedAt":%NullableTimestamp%,"updatedAt":%Timestamp%},
                 "required":["id","organizationId","title","description","status","assignee","completedAt","updatedAt"]}
                """),
            RequiredScope = Scopes.TasksWrite,
            Handler = UpdateTaskAsync,
        },
    ]);

    private static async Task<ToolOutput> ListOrganizationsAsync(ToolContext context)
    {
        _ = ZukoArguments.From(context.Input);
        var organizations = await context.Mediator.Send(new ListOrganizationsQuery(), context.CancellationToken);
        return new ToolOutput(ZukoWire.List("organizations", organizations, ZukoWire.Organization));
    }

    private static async Task<ToolOutput> ListTasksAsync(ToolContext context)
    {
        var args = ZukoArguments.From(context.Input);
        var query = new ListTasksQuery(args.OptionalStatus("status"), args.OptionalInt("organizationId"));
        var tasks = await context.Mediator.Send(query, context.CancellationToken);
        return new ToolOutput(ZukoWire.List("tasks", tasks, ZukoWire.TaskSummary));
    }

    private static async Task<ToolOutput> GetTaskAsync(ToolContext context)
    {
        var args = ZukoArguments.From(context.Input);
        var task = await context.Mediator.Send(new GetTaskQuery(args.RequiredInt("taskId")), context.CancellationToken);
        return new ToolOutput(ZukoWire.Object(task, ZukoWire.TaskDetail));
    }

    private static async Task<ToolOutput> CreateTaskAsync(ToolContext context)
    {
        var args = ZukoArguments.From(context.Input);
        var description = args.Json("description");
        var command = new CreateTaskCommand(
            args.RequiredString("title"),
            args.OptionalInt("organizationId"),
            description.HasValue ? description.Value : null,
            args.OptionalStatus("status"),
            args.OptionalString("assignee"));
        var task = await context.Mediator.Send(command, context.CancellationToken);
        return new ToolOutput(ZukoWire.Object(task, ZukoWire.CreatedTask));
    }

    private static async Task<ToolOutput> UpdateTaskAsync(ToolContext context)
    {
        var args = ZukoArguments.From(context.Input);
        var command = new UpdateTaskCommand(args.RequiredInt("taskId"))
        {
            Title = args.StringPatch("title", nullable: false),
            Description = args.Json("description"),
            Status = args.StatusPatch("status"),
            Assignee = args.StringPatch("assignee", nullable: true),
            CompletedAt = args.TimestampPatch("completedAt"),
        };
        var task = await context.Mediator.Send(command, context.CancellationToken);
        return new ToolOutput(ZukoWire.Object(task, ZukoWire.UpdatedTask));
    }

    /// <summary>Parses a schema once, expanding the %Name% fragments shared by several schemas.</summary>
    private static JsonElement Schema(string json) => JsonElement.Parse(json
        .Replace("%OrganizationItem%", OrganizationItem, StringComparison.Ordinal)
        .Replace("%TaskSummaryItem%", TaskSummaryItem, StringComparison.Ordinal)
        .Replace("%StatusEnum%", StatusEnum, StringComparison.Ordinal)
        .Replace("%NullableTimestamp%", NullableTimestamp, StringComparison.Ordinal)
        .Replace("%Timestamp%", Timestamp, StringComparison.Ordinal)
        .Replace("%AnyJson%", AnyJson, StringComparison.Ordinal));
}
